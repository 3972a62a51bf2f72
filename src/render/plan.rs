//! A style's documents compiled at build time: the description (`describe`) walked in the
//! style's order with the style's syntax (`json`, `xml`), flattened into steps. A step writes
//! one piece: a static literal (separators, keys, quotes, everything constant around a value),
//! the value, and the static text after it; the renderer (`run`) turns each step of each
//! plan into straight-line code, so a style costs only what it writes.
//!
//! The literals of a plan live in one pool of exactly the bytes it needs, and a step names
//! them by offset, all computed here by `const fn`: nothing is counted by hand.

use super::describe::{Facts, Value};

/// A plan's literal bytes `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lit {
    pub(crate) start: u16,
    pub(crate) end: u16,
}

impl Lit {
    pub(crate) const EMPTY: Lit = Lit { start: 0, end: 0 };

    pub(crate) const fn at(start: usize, end: usize) -> Lit {
        assert!(end <= u16::MAX as usize, "a plan's pool is too large");
        Lit {
            start: start as u16,
            end: end as u16,
        }
    }
}

/// Where a step's value is written, which says how it is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Context {
    /// A JSON string.
    Json,
    /// An XML attribute value.
    XmlAttr,
    /// XML element text.
    XmlText,
}

/// The repeated parts of a plan: the main part, and the body written once per metadata entry
/// or explicit link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Section {
    Main = 0,
    Meta = 1,
    Link = 2,
}

/// What a step writes between its head and its tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// Nothing: the step is its head.
    Lit,
    Value(Value),
    /// Two values in one piece: `head`, the first, `mid`, the second, `tail`.
    Pair(Value, Value),
    /// The entries of `Section`, each with that section's steps.
    Loop(Section),
}

/// One piece of a document: `head` (static text and the value's opening), the value, `tail`
/// (its closing and the static text after it); for two values, `mid` (the first's closing,
/// static text, the second's opening) between them.
///
/// - A null is written as the style's null word between `pre` and `post` when `bare` (JSON:
///   no quotes), else between `head` and `tail` (XML: `name="None"`). Between two values,
///   `mid` then loses the first's closing (`close_a` bytes) or the second's opening (`open_b`).
/// - `empty`, when set, replaces opening, value and closing for an empty value (pretty XML
///   self-closes `<meta key="k"/>`) or a loop with no entries (`[]`, `<metadata/>`).
/// - `sep` bytes at the start of `head` separate it from what came before in its container;
///   they are dropped when the step turns out to be first: when a fact of `first_if` holds, or
///   (if `first_unless` is not 0) when none of `first_unless` holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub(crate) op: Op,
    pub(crate) section: Section,
    /// Written only when all these facts hold.
    pub(crate) when: Facts,
    pub(crate) first_if: Facts,
    pub(crate) first_unless: Facts,
    pub(crate) sep: u8,
    pub(crate) context: Context,
    pub(crate) bare: bool,
    pub(crate) head: Lit,
    pub(crate) pre: Lit,
    pub(crate) tail: Lit,
    pub(crate) post: Lit,
    pub(crate) mid: Lit,
    pub(crate) close_a: u8,
    pub(crate) open_b: u8,
    pub(crate) empty: Option<Lit>,
}

impl Step {
    /// Checks, at compile time, that `pre` starts `head` and `post` ends `tail`, as the builder
    /// makes them: moving literals into a shared pool and packing steps rely on it.
    pub(crate) const fn check_nested(&self) {
        assert!(self.pre.start == self.head.start && self.pre.end <= self.head.end);
        assert!(self.post.end == self.tail.end && self.post.start >= self.tail.start);
    }
}

/// What decides whether a step is written and whether its separator is dropped: a [`Step`]'s
/// fields, or (walking the small build's plans) a `Packed` step's, read where it is stored.
pub(crate) trait Gate {
    fn op(&self) -> Op;
    fn when(&self) -> Facts;
    fn first_if(&self) -> Facts;
    fn first_unless(&self) -> Facts;
    fn sep(&self) -> u8;
}

impl Gate for Step {
    #[inline(always)]
    fn op(&self) -> Op {
        self.op
    }
    #[inline(always)]
    fn when(&self) -> Facts {
        self.when
    }
    #[inline(always)]
    fn first_if(&self) -> Facts {
        self.first_if
    }
    #[inline(always)]
    fn first_unless(&self) -> Facts {
        self.first_unless
    }
    #[inline(always)]
    fn sep(&self) -> u8 {
        self.sep
    }
}

const NO_STEP: Step = Step {
    op: Op::Lit,
    section: Section::Main,
    when: 0,
    first_if: 0,
    first_unless: 0,
    sep: 0,
    context: Context::Json,
    bare: false,
    head: Lit::EMPTY,
    pre: Lit::EMPTY,
    tail: Lit::EMPTY,
    post: Lit::EMPTY,
    mid: Lit::EMPTY,
    close_a: 0,
    open_b: 0,
    empty: None,
};

/// The most steps a plan may have (the renderer unrolls this many per section).
pub(crate) const MAX_STEPS: usize = 40;
/// The most literal bytes a plan may have while it is built.
pub(crate) const POOL_CAPACITY: usize = 4096;

/// A separator waiting for the step it starts.
#[derive(Clone, Copy)]
struct Sep {
    len: u8,
    first_if: Facts,
    first_unless: Facts,
}

/// Text waiting for the step it goes into, taken out to be written again by each alternative
/// of a choice.
#[derive(Clone, Copy)]
pub(crate) struct Pending {
    start: usize,
    end: usize,
    sep: Option<Sep>,
}

/// Builds one plan. Static text accumulates as *pending*; a value makes a step of it. Pending
/// text goes into the next step's head, or into the previous step's tail when the condition
/// changes in between, or else into a step of its own.
pub(crate) struct Builder {
    pool: [u8; POOL_CAPACITY],
    len: usize,
    steps: [Step; MAX_STEPS],
    n: usize,
    pending: usize,
    sep: Option<Sep>,
    /// The condition and section of the steps being made.
    when: Facts,
    section: Section,
    /// The step whose tail ends where the pending text starts.
    last: Option<usize>,
}

impl Builder {
    pub(crate) const fn new() -> Builder {
        Builder {
            pool: [0; POOL_CAPACITY],
            len: 0,
            steps: [NO_STEP; MAX_STEPS],
            n: 0,
            pending: 0,
            sep: None,
            when: 0,
            section: Section::Main,
            last: None,
        }
    }

    /// Appends static text.
    pub(crate) const fn lit(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() {
            assert!(
                self.len < POOL_CAPACITY,
                "a plan's literals outgrow the pool"
            );
            self.pool[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
    }

    /// Appends `count` copies of `byte` (indentation).
    pub(crate) const fn repeat(&mut self, byte: u8, count: usize) {
        let mut i = 0;
        while i < count {
            self.lit(&[byte]);
            i += 1;
        }
    }

    /// Appends a separator that the next step drops when it is first (see [`Step`]). Nothing may
    /// be pending: the separator must start the step.
    pub(crate) const fn sep(&mut self, s: &[u8], first_if: Facts, first_unless: Facts) {
        if first_if == 0 && first_unless == 0 {
            self.lit(s);
            return;
        }
        assert!(self.pending == self.len && self.sep.is_none());
        self.sep = Some(Sep {
            len: s.len() as u8,
            first_if,
            first_unless,
        });
        self.lit(s);
    }

    const fn push(&mut self, mut step: Step) -> usize {
        assert!(
            self.n < MAX_STEPS,
            "a plan has more steps than the renderer unrolls"
        );
        step.section = self.section;
        step.when = self.when;
        if let Some(sep) = self.sep {
            step.sep = sep.len;
            step.first_if = sep.first_if;
            step.first_unless = sep.first_unless;
            self.sep = None;
        }
        self.steps[self.n] = step;
        self.n += 1;
        self.n - 1
    }

    /// A step writing `value` between `open` and `close` (and the pending text before it);
    /// when it directly follows a one-value step of the same kind, that step takes it as its
    /// second value, so the two are one piece.
    pub(crate) const fn value(
        &mut self,
        value: Value,
        context: Context,
        open: &[u8],
        close: &[u8],
        bare: bool,
        empty: Option<&[u8]>,
    ) {
        if let Some(i) = self.pairs_with(value, context, bare) {
            let mid_start = self.steps[i].tail.start as usize;
            self.steps[i].close_a = (self.steps[i].tail.end - self.steps[i].tail.start) as u8;
            self.lit(open);
            self.steps[i].mid = Lit::at(mid_start, self.len);
            self.steps[i].open_b = open.len() as u8;
            self.steps[i].empty = self.empty_lit(empty);
            let tail_start = self.len;
            self.lit(close);
            if let Op::Value(a) = self.steps[i].op {
                self.steps[i].op = Op::Pair(a, value);
            }
            self.steps[i].tail = Lit::at(tail_start, self.len);
            self.steps[i].post = Lit::at(self.len, self.len);
            self.pending = self.len;
            return;
        }
        let pre = Lit::at(self.pending, self.len);
        self.lit(open);
        let head = Lit::at(self.pending, self.len);
        let empty = self.empty_lit(empty);
        let tail_start = self.len;
        self.lit(close);
        let i = self.push(Step {
            op: Op::Value(value),
            context,
            bare,
            head,
            pre,
            tail: Lit::at(tail_start, self.len),
            post: Lit::at(self.len, self.len),
            empty,
            ..NO_STEP
        });
        self.pending = self.len;
        self.last = Some(i);
    }

    const fn empty_lit(&mut self, empty: Option<&[u8]>) -> Option<Lit> {
        match empty {
            Some(e) => {
                let start = self.len;
                self.lit(e);
                Some(Lit::at(start, self.len))
            }
            None => None,
        }
    }

    /// The step that can take `value` as its second: a one-value step just made, with nothing
    /// but static text since its value, under the same condition, in the same context.
    const fn pairs_with(&self, value: Value, context: Context, bare: bool) -> Option<usize> {
        let Some(i) = self.last else {
            return None;
        };
        let s = &self.steps[i];
        let Op::Value(a) = s.op else {
            return None;
        };
        // No piece holds two ids: the renderer formats them into one buffer.
        let two_ids = a.is_id() && value.is_id();
        let fits = !matches!(a, Value::Href(_))
            && !matches!(value, Value::Href(_))
            && !two_ids
            && s.when == self.when
            && s.section as u8 == self.section as u8
            && self.sep.is_none()
            && s.post.start == s.post.end
            && s.post.end as usize == self.pending
            && s.empty.is_none()
            && s.bare == bare
            && s.context as u8 == context as u8;
        if fits { Some(i) } else { None }
    }

    /// Starts a loop over `section`'s entries, written after the pending text and `open`;
    /// returns the loop step. The entries' steps follow, then [`Builder::loop_empty`], the text
    /// written for no entries, [`Builder::loop_close`], the text after the entries,
    /// [`Builder::loop_end`].
    pub(crate) const fn begin_loop(&mut self, section: Section, open: &[u8]) -> usize {
        let pre = Lit::at(self.pending, self.len);
        self.lit(open);
        let i = self.push(Step {
            op: Op::Loop(section),
            head: Lit::at(self.pending, self.len),
            pre,
            ..NO_STEP
        });
        self.pending = self.len;
        self.last = None;
        self.section = section;
        // The entries' steps are tested only for their own conditions.
        self.when = 0;
        i
    }

    pub(crate) const fn loop_empty(&mut self, i: usize) {
        self.flush();
        self.section = Section::Main;
        self.when = self.steps[i].when;
        self.last = None;
    }

    pub(crate) const fn loop_close(&mut self, i: usize) {
        self.steps[i].empty = Some(Lit::at(self.pending, self.len));
        self.pending = self.len;
    }

    pub(crate) const fn loop_end(&mut self, i: usize) {
        self.steps[i].tail = Lit::at(self.pending, self.len);
        self.steps[i].post = Lit::at(self.len, self.len);
        self.pending = self.len;
        self.last = Some(i);
    }

    /// Gives the pending text to the last step's tail if it can take it, else to a step of its own.
    const fn flush(&mut self) {
        if self.pending == self.len && self.sep.is_none() {
            return;
        }
        if let (Some(i), None) = (self.last, self.sep) {
            let s = self.steps[i];
            if s.when == self.when
                && s.section as u8 == self.section as u8
                && s.post.end as usize == self.pending
            {
                self.steps[i].post.end = self.len as u16;
                self.steps[i].tail.end = self.len as u16;
                self.pending = self.len;
                return;
            }
        }
        let lit = Lit::at(self.pending, self.len);
        let i = self.push(Step {
            head: lit,
            pre: lit,
            post: Lit::at(self.len, self.len),
            tail: Lit::at(self.len, self.len),
            ..NO_STEP
        });
        self.pending = self.len;
        self.last = Some(i);
    }

    /// Writes what follows only when `facts` hold too (until [`Builder::end_when`]); returns
    /// the condition to give back.
    pub(crate) const fn begin_when(&mut self, facts: Facts) -> Facts {
        let before = self.when;
        if facts & !before != 0 {
            self.flush();
            self.when = before | facts;
        }
        before
    }

    pub(crate) const fn end_when(&mut self, before: Facts) {
        if before != self.when {
            self.flush();
            self.when = before;
        }
    }

    /// Takes the pending text out, for a choice whose alternatives each write it
    /// ([`Builder::begin_choice`]).
    pub(crate) const fn take_pending(&mut self) -> Pending {
        let p = Pending {
            start: self.pending,
            end: self.len,
            sep: self.sep,
        };
        self.sep = None;
        // The taken text stays in the pool, unused unless an alternative starts with it.
        self.pending = self.len;
        self.last = None;
        p
    }

    /// Starts one alternative of a choice: under `facts`, with `taken` pending again.
    pub(crate) const fn begin_choice(&mut self, facts: Facts, taken: Pending) -> Facts {
        let before = self.when;
        self.flush();
        self.when = before | facts;
        self.last = None;
        if self.len == taken.end {
            // Nothing was written since the text was taken: it is still pending in place.
            self.pending = taken.start;
        } else {
            let mut i = taken.start;
            while i < taken.end {
                let b = self.pool[i];
                self.lit(&[b]);
                i += 1;
            }
            self.pending = self.len - (taken.end - taken.start);
        }
        self.sep = taken.sep;
        before
    }

    /// The built plan's steps: the first `n` of the array.
    pub(crate) const fn built_steps(&self) -> (&[Step; MAX_STEPS], usize) {
        (&self.steps, self.n)
    }

    /// The built plan's literals (rebased onto its style's merged pool: see `shared`).
    pub(crate) const fn built_pool(&self) -> &[u8; POOL_CAPACITY] {
        &self.pool
    }

    /// Ends the plan.
    pub(crate) const fn finish(mut self) -> Builder {
        self.flush();
        assert!(self.section as u8 == Section::Main as u8);
        // A loop's entries are the steps right after it, all of its section (what walks them
        // reads, `run::Run::walk`).
        let mut i = 0;
        while i < self.n {
            let sec = self.steps[i].section as u8;
            // Loops are not nested: the walker reads a loop step in the main section only
            // (`run::Run::walked_loop`).
            assert!(
                !matches!(self.steps[i].op, Op::Loop(_)) || sec == Section::Main as u8,
                "a loop inside a loop's entries"
            );
            if sec != Section::Main as u8 {
                let follows = i > 0
                    && match self.steps[i - 1].op {
                        Op::Loop(body) => body as u8 == sec,
                        _ => self.steps[i - 1].section as u8 == sec,
                    };
                assert!(follows, "a loop's entries are not the steps right after it");
            }
            i += 1;
        }
        self
    }

    pub(crate) const fn step_count(&self) -> usize {
        self.n
    }
}

/// A compiled plan: its steps and their literals.
pub(crate) trait Plan {
    /// The steps as the straight-line code reads them (the small build reads `PACKED`).
    #[cfg(not(feature = "small"))]
    const STEPS: &'static [Step];
    const POOL: &'static [u8];
    #[cfg(feature = "small")]
    const PACKED: &'static [Packed];
    #[cfg(feature = "small")]
    const CONDS: &'static [Cond];
}

/// A step's conditions: `when`, `first_if`, `first_unless`, in 16 bits each (every fact is:
/// [`cond_of`] checks).
#[cfg(feature = "small")]
pub(crate) type Cond = [u16; 3];

#[cfg(feature = "small")]
const fn cond_of(s: &Step) -> Cond {
    const fn short(f: Facts) -> u16 {
        assert!(f <= u16::MAX as Facts, "a fact outgrows a packed condition");
        f as u16
    }
    [short(s.when), short(s.first_if), short(s.first_unless)]
}

/// The distinct conditions of `steps`, and how many there are.
#[cfg(feature = "small")]
const fn distinct_conds(steps: &[Step]) -> ([Cond; MAX_STEPS], usize) {
    let mut out = [[0; 3]; MAX_STEPS];
    let mut n = 0;
    let mut i = 0;
    while i < steps.len() {
        if find_cond(&out, n, cond_of(&steps[i])) == n {
            out[n] = cond_of(&steps[i]);
            n += 1;
        }
        i += 1;
    }
    (out, n)
}

#[cfg(feature = "small")]
pub(crate) const fn cond_count(steps: &[Step]) -> usize {
    distinct_conds(steps).1
}

/// The distinct conditions of `steps`, exactly `N` of them.
#[cfg(feature = "small")]
pub(crate) const fn conds<const N: usize>(steps: &[Step]) -> [Cond; N] {
    let (all, n) = distinct_conds(steps);
    assert!(N == n);
    let mut out = [[0; 3]; N];
    let mut i = 0;
    while i < N {
        out[i] = all[i];
        i += 1;
    }
    out
}

/// `steps` in the small build's form.
#[cfg(feature = "small")]
pub(crate) const fn packed<const N: usize>(steps: &[Step; N]) -> [Packed; N] {
    let (conds, n) = distinct_conds(steps);
    let mut out = [Packed::pack(&NO_STEP, 0); N];
    let mut i = 0;
    while i < N {
        let cond = find_cond(&conds, n, cond_of(&steps[i]));
        out[i] = Packed::pack(&steps[i], cond);
        i += 1;
    }
    out
}

/// Where `c` is among the first `n` of `conds` (`n` if it is not).
#[cfg(feature = "small")]
const fn find_cond(conds: &[Cond; MAX_STEPS], n: usize, c: Cond) -> usize {
    let mut i = 0;
    while i < n {
        if conds[i][0] == c[0] && conds[i][1] == c[1] && conds[i][2] == c[2] {
            return i;
        }
        i += 1;
    }
    n
}

/// The small build's form of a [`Step`], read at run time, 15 bytes: `pre` and `post` are kept
/// as the lengths `head` and `tail` lose to them (the builder always makes them so), the three
/// conditions as an index into the plan's distinct ones, each literal as a start and a length,
/// the separator and the lengths between two values in a few bits each. `mid` (a pair's) and
/// `empty` (any other step's) share one literal: no pair has an empty form ([`Packed::pack`]
/// checks). Starts as byte pairs, so that the step has no padding.
#[cfg(feature = "small")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Packed {
    op: Op,
    /// The section (bits 0-1), the context (bits 2-3), `bare` (bit 4), whether there is an
    /// `empty` (bit 5), `sep` (bits 6-7).
    bits: u8,
    cond: u8,
    /// `head`'s bytes after `pre` (bits 0-1), `tail`'s before `post` (bits 2-7).
    trim: u8,
    /// `close_a` (bits 0-3), `open_b` (bits 4-7).
    pair: u8,
    /// Of `head`, `tail`, and `mid` or `empty`.
    start: [[u8; 2]; 3],
    len: [u8; 3],
}

#[cfg(feature = "small")]
impl Packed {
    const fn pack(s: &Step, cond: usize) -> Packed {
        const fn short(n: usize) -> u8 {
            assert!(n <= u8::MAX as usize, "a literal is too long to pack");
            n as u8
        }
        const fn len(l: Lit) -> u8 {
            short((l.end - l.start) as usize)
        }
        const fn nibbles(low: usize, high: usize) -> u8 {
            assert!(
                low < 16 && high < 16,
                "a length is too long to pack in four bits"
            );
            (low | high << 4) as u8
        }
        s.check_nested();
        let third = match (s.op, s.empty) {
            (Op::Pair(..), Some(_)) => panic!("a pair with an empty form does not pack"),
            (_, Some(e)) => e,
            (_, None) => s.mid,
        };
        Packed {
            op: s.op,
            bits: {
                assert!(s.sep < 4, "a separator is too long to pack in two bits");
                s.section as u8
                    | (s.context as u8) << 2
                    | (s.bare as u8) << 4
                    | (s.empty.is_some() as u8) << 5
                    | s.sep << 6
            },
            cond: short(cond),
            trim: {
                let (open, close) = (s.head.end - s.pre.end, s.post.start - s.tail.start);
                assert!(
                    open < 4 && close < 64,
                    "an opening or closing is too long to pack"
                );
                (open | close << 2) as u8
            },
            pair: nibbles(s.close_a as usize, s.open_b as usize),
            start: [
                s.head.start.to_le_bytes(),
                s.tail.start.to_le_bytes(),
                third.start.to_le_bytes(),
            ],
            len: [len(s.head), len(s.tail), len(third)],
        }
    }

    /// Whether the step is in section `sec`.
    #[inline(always)]
    pub(crate) fn is_in(&self, sec: u8) -> bool {
        self.bits & 3 == sec
    }

    /// Literal `k` of `head`, `tail`, and `mid` or `empty`.
    #[inline(always)]
    fn lit(&self, k: usize) -> Lit {
        let start = self.start.get(k).map_or(0, |b| u16::from_le_bytes(*b));
        Lit {
            start,
            end: start.wrapping_add(u16::from(self.len.get(k).copied().unwrap_or(0))),
        }
    }
}

/// A step of the small build's plans as the walker reads it: in place, each field decoded
/// where it is used, with its conditions.
#[cfg(feature = "small")]
#[derive(Clone, Copy)]
pub(crate) struct Walked {
    st: &'static Packed,
    cond: &'static Cond,
}

#[cfg(feature = "small")]
impl Gate for Walked {
    #[inline(always)]
    fn op(&self) -> Op {
        self.st.op
    }
    #[inline(always)]
    fn when(&self) -> Facts {
        Facts::from(self.cond[0])
    }
    #[inline(always)]
    fn first_if(&self) -> Facts {
        Facts::from(self.cond[1])
    }
    #[inline(always)]
    fn first_unless(&self) -> Facts {
        Facts::from(self.cond[2])
    }
    #[inline(always)]
    fn sep(&self) -> u8 {
        self.st.bits >> 6
    }
}

/// [`Step`]'s other fields.
#[cfg(feature = "small")]
impl Walked {
    /// Literal `k` of `head`, `tail`, and `mid` or `empty`.
    #[inline(always)]
    pub(crate) fn lit(&self, k: usize) -> Lit {
        self.st.lit(k)
    }
    /// The bytes `head` has after `pre` (a value's opening).
    #[inline(always)]
    pub(crate) fn opening(&self) -> u8 {
        self.st.trim & 3
    }
    /// The bytes `tail` has before `post` (a value's closing).
    #[inline(always)]
    pub(crate) fn closing(&self) -> u8 {
        self.st.trim >> 2
    }
    /// Whether the step has an `empty` form (literal 2).
    #[inline(always)]
    pub(crate) fn has_empty(&self) -> bool {
        self.st.bits & 32 != 0
    }
    #[inline(always)]
    pub(crate) fn close_a(&self) -> u8 {
        self.st.pair & 15
    }
    #[inline(always)]
    pub(crate) fn open_b(&self) -> u8 {
        self.st.pair >> 4
    }
    #[inline(always)]
    pub(crate) fn bare(&self) -> bool {
        self.st.bits & 16 != 0
    }
    #[inline(always)]
    pub(crate) fn context(&self) -> Context {
        match (self.st.bits >> 2) & 3 {
            0 => Context::Json,
            1 => Context::XmlAttr,
            _ => Context::XmlText,
        }
    }
}

/// A plan as data: what the renderer reads when it walks the plans at run time (the small
/// build, the pull cursor).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlanRef {
    #[cfg(not(feature = "small"))]
    pub(crate) steps: &'static [Step],
    #[cfg(feature = "small")]
    pub(crate) steps: &'static [Packed],
    #[cfg(feature = "small")]
    pub(crate) conds: &'static [Cond],
    pub(crate) pool: &'static [u8],
}

impl PlanRef {
    pub(crate) const fn of<P: Plan>() -> PlanRef {
        PlanRef {
            #[cfg(not(feature = "small"))]
            steps: P::STEPS,
            #[cfg(feature = "small")]
            steps: P::PACKED,
            #[cfg(feature = "small")]
            conds: P::CONDS,
            pool: P::POOL,
        }
    }

    /// What step `i` does, if it is in section `sec` (read without the rest of the step).
    #[inline(always)]
    pub(crate) fn op_in(&self, i: usize, sec: u8) -> Option<Op> {
        #[cfg(not(feature = "small"))]
        let op = in_section(self.steps, i, sec).map(|st| st.op);
        #[cfg(feature = "small")]
        let op = self
            .steps
            .get(i)
            .and_then(|st| st.is_in(sec).then_some(st.op));
        op
    }

    /// Step `i`, if it is in section `sec`.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    pub(crate) fn step_in(&self, i: usize, sec: u8) -> Option<Step> {
        in_section(self.steps, i, sec)
    }

    /// Step `i`, if it is in section `sec`.
    #[cfg(feature = "small")]
    #[inline(always)]
    pub(crate) fn step_in(&self, i: usize, sec: u8) -> Option<Walked> {
        const NONE: Cond = [0; 3];
        let st = self.steps.get(i).filter(|st| st.is_in(sec))?;
        let cond = self.conds.get(usize::from(st.cond)).unwrap_or(&NONE);
        Some(Walked { st, cond })
    }
}

/// The plan of the renderer that walks plans at run time: it reads the real plans as data
/// ([`PlanRef`]).
pub(crate) struct NoPlan;

impl Plan for NoPlan {
    #[cfg(not(feature = "small"))]
    const STEPS: &'static [Step] = &[];
    const POOL: &'static [u8] = &[];
    #[cfg(feature = "small")]
    const PACKED: &'static [Packed] = &[];
    #[cfg(feature = "small")]
    const CONDS: &'static [Cond] = &[];
}

/// Step `i` of `P` if it belongs to `section`.
#[cfg(not(feature = "small"))]
pub(crate) const fn step_at<P: Plan>(section: Section, i: usize) -> Option<Step> {
    in_section(P::STEPS, i, section as u8)
}

/// Step `i` of `steps` if it belongs to section `sec`: for the straight-line code at compile
/// time, for the walker at run time.
#[cfg(not(feature = "small"))]
#[inline(always)]
const fn in_section(steps: &[Step], i: usize, sec: u8) -> Option<Step> {
    if i < steps.len() && steps[i].section as u8 == sec {
        Some(steps[i])
    } else {
        None
    }
}

/// Declares the plan types of each style, in a module of the style's name whose `POOL` holds the
/// literals of all of them (see `shared`):
/// `plans! { style { Name = builder_expression; ... } ... }`.
macro_rules! plans {
    ($($style:ident { $($(#[$doc:meta])* $name:ident = $build:expr;)* })*) => {$(
        pub(crate) mod $style {
            use super::*;
            use $crate::render::plan::{Builder, Plan, Step};
            use $crate::render::shared::{Merged, rebased};

            const MERGED: Merged = Merged::of(&[$(&$name::BUILT),*]);
            /// The style's literals, once for all its plans.
            static POOL: [u8; MERGED.len] = MERGED.pool();

            $(
                $(#[$doc])*
                pub struct $name;
                impl $name {
                    const BUILT: Builder = $build;
                    const STEPS: [Step; $name::BUILT.step_count()] = rebased(&$name::BUILT, &MERGED);
                }
                impl Plan for $name {
                    #[cfg(not(feature = "small"))]
                    const STEPS: &'static [Step] = &$name::STEPS;
                    const POOL: &'static [u8] = &POOL;
                    #[cfg(feature = "small")]
                    const PACKED: &'static [$crate::render::plan::Packed] =
                        &$crate::render::plan::packed(&$name::STEPS);
                    #[cfg(feature = "small")]
                    const CONDS: &'static [$crate::render::plan::Cond] =
                        &$crate::render::plan::conds::<
                            { $crate::render::plan::cond_count(&$name::STEPS) },
                        >(&$name::STEPS);
                }
            )*
        }
        pub(crate) use $style::*;
    )*};
}
pub(crate) use plans;
