//! The renderer: a style's plans (prologue, each image, epilogue) written into a sink. For the
//! one-shot, push and Rust pull renders each step of a plan is its own instance of
//! `Run::step`, with the step as a constant, so a plan compiles to straight-line code: for each
//! piece, its condition (when it has one), the value, one bounds check and the copies. The small
//! build and the C library's pull cursor walk the plans at run time instead ([`walks`]): one copy
//! of the renderer for all. (The small build's walker is its own: a run loop around a walker that
//! writes one part at a time, so that no walker frame stacks on another.)
//!
//! A pull render stops at any byte and keeps where in a [`Pos`]: resuming skips the steps before
//! it (in the resumed plan's own copy) and goes on inside the piece.

#[cfg(feature = "small")]
use super::describe::Href;
#[cfg(not(feature = "small"))]
use super::describe::Layout;
use super::describe::{Base, DETAIL_READS, Facts, SUMMARY_READS, Value, fact};
#[cfg(feature = "small")]
use super::plan::Walked;
use super::plan::{Context, Gate, Lit, Op, PlanRef, Section};
#[cfg(not(feature = "small"))]
use super::plan::{MAX_STEPS, NoPlan, Plan, Step, step_at};
#[cfg(feature = "small")]
use super::sink::part_from;
use super::sink::{At, Sink, Stop};
#[cfg(not(feature = "small"))]
use super::sink::{piece, piece_from};
use super::style::{Kind, Tables};
use super::values::Image;
use super::{Format, Target};
use crate::source::{Source, Text};
use crate::text::Escape;
#[cfg(feature = "small")]
use crate::text::EscapeFn;

/// Where a pull render stands: a few words of plain data, all a cursor keeps between chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    /// 0 the prologue, k in 1..=n the k-th image, n + 1 the epilogue.
    pub(crate) stage: u32,
    /// The metadata entry or explicit link being written.
    pub(crate) entry: u32,
    /// Inside the piece being written.
    pub(crate) at: At,
    /// The step being written: of the plan, and of the loop's entry.
    pub(crate) step: u8,
    pub(crate) body: u8,
    /// Of a loop: 0 its head, 1 its entries, 2 its tail.
    pub(crate) phase: u8,
}

/// One render in progress.
pub(crate) struct Run<'r, 'a, K, S: ?Sized, W> {
    src: &'a S,
    out: &'r mut W,
    im: Image<'a>,
    /// The endpoints and the next link, read once. (The small build reads them from the source
    /// where it writes them: 48 bytes less on the stack of every render.)
    #[cfg(not(feature = "small"))]
    compute: Text<'a>,
    #[cfg(not(feature = "small"))]
    image_service: Text<'a>,
    #[cfg(not(feature = "small"))]
    tenant: Text<'a>,
    #[cfg(not(feature = "small"))]
    next: Option<Text<'a>>,
    ascii: bool,
    /// How a special character is escaped: what the format can need only (see
    /// [`crate::text::escape_fn`]).
    #[cfg(feature = "small")]
    escape: EscapeFn,
    /// The index of the first image: the one shown, or 0. (Not an `Option` of the shown one:
    /// 8 bytes less in the run, with the facts saying whether it is shown.)
    first: usize,
    /// Document, image and entry facts.
    facts: Facts,
    /// How many images the document writes. (The small build counts them where it writes them,
    /// [`Run::count`]: the run is a word smaller.)
    #[cfg(not(feature = "small"))]
    images: u32,
    /// A pull render is resuming: `pos` is still the place it resumes at, not yet reached.
    resuming: bool,
    /// The small build's shape of the step at `pos` ([`Run::shape_step`]).
    #[cfg(feature = "small")]
    shape: u8,
    /// Where it stands; while `resuming`, where it resumes. One place for both: until it is
    /// reached, a resumed render writes nothing, and what it records on the way (its stage, its
    /// entry and loop step) is that place's.
    pub(crate) pos: Pos,
    /// The style, as data (read when walking the plans; straight-line code reads `K`'s).
    tables: &'static Tables,
    style: core::marker::PhantomData<K>,
}

/// Whether a render into `W` walks the plans at run time (one renderer, [`style::Any`], for
/// every style and plan) rather than running each plan's straight-line code: in the small build,
/// and for the sinks that are not [`Sink::UNROLLED`].
///
/// [`style::Any`]: super::style::Any
pub(crate) const fn walks<W: Sink>() -> bool {
    cfg!(feature = "small") || !W::UNROLLED
}

impl<'r, 'a, K: Kind, S: Source + ?Sized, W: Sink> Run<'r, 'a, K, S, W> {
    /// Out of line, so that the image state is built where the caller keeps the run, not in a
    /// temporary of the caller's frame that is then moved.
    #[inline(never)]
    pub(crate) fn new(
        src: &'a S,
        target: Target,
        format: Format,
        out: &'r mut W,
        tables: &'static Tables,
        #[cfg(feature = "small")] escape: EscapeFn,
    ) -> Self {
        let show = match target {
            Target::Show(i) => Some(i),
            _ => None,
        };
        let summary = target == Target::Summary;
        let listed = show.is_none();
        let images = Self::count(src, listed);
        let next = src.next_link();
        let root_children = listed && (images > 0 || (summary && next.is_some()));
        let on = |yes: bool, f: Facts| if yes { f } else { 0 };
        let facts = on(listed, fact::LISTED)
            | on(!listed, fact::SHOWN)
            | on(!summary, fact::DETAIL)
            | on(summary, fact::SUMMARY)
            | on(src.size_extension(), fact::SIZE_EXT)
            | on(listed && next.is_some(), fact::NEXT)
            | on(listed && images > 0, fact::ITEMS)
            | on(root_children, fact::ROOT_CHILDREN)
            | on(listed && !root_children, fact::ROOT_EMPTY);
        Run {
            src,
            out,
            im: Image::new(),
            #[cfg(not(feature = "small"))]
            compute: src.compute(),
            #[cfg(not(feature = "small"))]
            image_service: src.image_service(),
            #[cfg(not(feature = "small"))]
            tenant: src.tenant(),
            #[cfg(not(feature = "small"))]
            next,
            ascii: format.ascii_only,
            #[cfg(feature = "small")]
            escape,
            first: show.unwrap_or(0),
            facts,
            #[cfg(not(feature = "small"))]
            images,
            resuming: false,
            #[cfg(feature = "small")]
            shape: 0,
            pos: Pos::default(),
            tables,
            style: core::marker::PhantomData,
        }
    }

    /// How many images a document of `src` writes: all of a list's (at most u32::MAX - 1, so
    /// that the epilogue's stage is a u32 too), or the one shown.
    #[inline(always)]
    fn count(src: &S, listed: bool) -> u32 {
        match listed {
            false => 1,
            true => u32::try_from(src.count()).map_or(u32::MAX - 1, |n| n.min(u32::MAX - 1)),
        }
    }

    /// Writes the document from its start, or a pull render from `from`.
    #[cfg(not(feature = "small"))]
    pub(crate) fn run(&mut self, from: Pos) -> Result<(), Stop> {
        let images = self.images;
        let mut stage = 0;
        if W::RESUMABLE && from != Pos::default() {
            (self.pos, self.resuming) = (from, true);
            stage = from.stage;
        }
        let doc = self.facts;
        // What of each image the document writes, the same for every image.
        let reads = if doc & fact::SUMMARY != 0 {
            SUMMARY_READS
        } else {
            DETAIL_READS
        };
        loop {
            self.pos.stage = stage;
            if stage == 0 {
                self.plan::<K::Prologue>(|t, _| &t.prologue)?;
            } else if stage <= images {
                let index = self.first + (stage as usize - 1);
                // `None` only from a source that refuses an image as it reads it (the C view),
                // which then discards the output.
                if let Some(facts) = self.im.start(self.src, index, reads) {
                    let first = if stage == 1 { fact::FIRST_ITEM } else { 0 };
                    self.facts = doc | first | facts;
                    self.image()?;
                }
            } else {
                self.facts = doc;
                return self.plan::<K::Epilogue>(|t, _| &t.epilogue);
            }
            self.resuming = false;
            stage += 1;
        }
    }

    /// Where a pull render resumes (`None`: it writes from where it is).
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn resume(&self) -> Option<Pos> {
        self.resuming.then_some(self.pos)
    }

    /// The image's plan. (When walking, `K` is [`super::style::Any`]: the document's tables
    /// pick the plan.)
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn image(&mut self) -> Result<(), Stop> {
        if self.facts & fact::SUMMARY != 0 {
            return self.plan::<K::Summary>(Tables::image);
        }
        if K::SHOW && self.facts & fact::SHOWN != 0 {
            return self.plan::<K::Show>(Tables::image);
        }
        if !K::LAYOUTS {
            return self.plan::<K::Image>(Tables::image);
        }
        match Layout::of(self.facts) {
            Layout::Plain => self.plan::<K::Image>(Tables::image),
            Layout::DiskConfig => self.plan::<K::DiskConfigImage>(Tables::image),
            Layout::Size => self.plan::<K::SizeImage>(Tables::image),
            Layout::Server => self.plan::<K::ServerImage>(Tables::image),
        }
    }

    /// The endpoint a derived link starts with.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn endpoint(&self, base: Base) -> Text<'a> {
        match base {
            Base::Compute => self.compute,
            Base::ImageService => self.image_service,
        }
    }

    /// The tenant, between a derived link's endpoint and its collection.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn tenant(&self) -> Text<'a> {
        self.tenant
    }

    /// The list's next link.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn next_link(&self) -> Option<Text<'a>> {
        self.next
    }

    /// The style: the data handed when walking the plans, else `K`'s constants.
    #[inline(always)]
    fn style(&self) -> &'static Tables {
        if walks::<W>() {
            self.tables
        } else {
            &K::DETAIL_TABLES
        }
    }

    /// The steps of plan `P`; when walking, of the plan `of` picks from the document's tables
    /// for the facts now.
    #[cfg(not(feature = "small"))]
    #[inline(never)]
    fn plan<P: Plan>(
        &mut self,
        of: fn(&'static Tables, Facts) -> &'static PlanRef,
    ) -> Result<(), Stop> {
        if walks::<W>() {
            self.walk(of(self.tables, self.facts))
        } else if W::RESUMABLE && self.resuming {
            self.section::<P, true>()
        } else {
            self.section::<P, false>()
        }
    }

    /// The main section of plan `P`, out of line: one function per plan. `RESUMING`: a pull
    /// render resumes in it, so each step looks for the place it stopped; the copy every other
    /// plan of the render runs has no such test.
    #[cfg(not(feature = "small"))]
    #[inline(never)]
    fn section<P: Plan, const RESUMING: bool>(&mut self) -> Result<(), Stop> {
        self.steps::<P, 0, RESUMING>()
    }

    /// Every step of `P` in section `SEC`, in order: each call gets its step as a constant,
    /// so that, inlined, it is straight-line code for that step alone; a loop's entries are
    /// inlined where the loop writes them, not called one by one. (Unoptimised builds keep one
    /// copy of `step` per plan: forty inlined copies of its unfolded body per plan, sink and
    /// source make tests slow to compile for nothing.)
    #[cfg(not(feature = "small"))]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn steps<P: Plan, const SEC: u8, const RESUMING: bool>(&mut self) -> Result<(), Stop> {
        const { assert!(P::STEPS.len() <= MAX_STEPS) };
        macro_rules! steps {
            ($($i:literal)*) => {
                $( self.step::<P, RESUMING>(&const { PlanRef::of::<P>() }, SEC, $i, const { step_at::<P>(section(SEC), $i) })?; )*
            };
        }
        steps!(
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
            20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39
        );
        const { assert!(MAX_STEPS == 40, "unroll as many steps as plan::MAX_STEPS") };
        Ok(())
    }

    /// The steps of a plan's main section, read at run time: one copy of the step code for every
    /// plan of every style (instantiated once, for [`NoPlan`]). Each step runs in a frame of its
    /// own, a loop in one and a piece in another; a loop's entries are walked by
    /// [`Run::walked_body`], a loop with no recursion back here: an entry is one frame deeper than
    /// the main section, not three.
    #[cfg(not(feature = "small"))]
    #[inline(never)]
    fn walk(&mut self, plan: &'static PlanRef) -> Result<(), Stop> {
        let main = Section::Main as u8;
        for i in 0..plan.steps.len() {
            match plan.op_in(i, main) {
                Some(Op::Loop(body)) => self.walked_loop(plan, i, body)?,
                Some(_) => {
                    self.walked_piece(plan, main, i)?;
                }
                None => {}
            }
        }
        Ok(())
    }

    /// One entry of a walked loop: the steps of section `sec` from step `from`. A loop's entries
    /// are the steps right after it, and loops are not nested
    /// ([`super::plan::Builder::finish`] checks): an entry ends at the first step of another
    /// section, and each of its steps is a piece.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn walked_body(&mut self, plan: &'static PlanRef, sec: u8, from: usize) -> Result<(), Stop> {
        for i in from..plan.steps.len() {
            if plan.op_in(i, sec).is_none() {
                break;
            }
            self.walked_piece(plan, sec, i)?;
        }
        Ok(())
    }

    /// A loop step of a walked plan (step `i`, of the main section: loops are not nested,
    /// [`super::plan::Builder::finish`] checks).
    #[cfg(not(feature = "small"))]
    #[inline(never)]
    fn walked_loop(&mut self, plan: &'static PlanRef, i: usize, body: Section) -> Result<(), Stop> {
        let Some(st) = plan.step_in(i, Section::Main as u8) else {
            return Ok(());
        };
        match self.enter::<true>(&st, Section::Main as u8, i) {
            Some((sep, _)) => self.looped::<NoPlan, true>(plan, &st, i, body, sep),
            None => Ok(()),
        }
    }

    /// Any other step of a walked plan: step `i` of section `sec`. Whether it is a loop with
    /// entries to write.
    #[cfg(not(feature = "small"))]
    #[inline(never)]
    fn walked_piece(&mut self, plan: &'static PlanRef, sec: u8, i: usize) -> Result<bool, Stop> {
        let Some(st) = &plan.step_in(i, sec) else {
            return Ok(false);
        };
        let Some((sep, mut at)) = self.enter::<true>(st, sec, i) else {
            return Ok(false);
        };
        let entries = match st.op() {
            Op::Loop(body) => self.entries(body) > 0,
            _ => false,
        };
        // A pull render resumed past a loop's head goes on with its entries or its tail.
        if W::RESUMABLE
            && matches!(st.op(), Op::Loop(_))
            && let Some(r) = self.resume()
        {
            if r.phase != 0 {
                return Ok(entries);
            }
            at = r.at;
            self.resuming = false;
        }
        self.piece(plan, st, sep, at)
            .map_err(|s| self.stopped(sec, i, 0, s))?;
        Ok(entries)
    }

    /// The steps of one entry of the loop at step `i`: those of section `body`.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn entry<P: Plan, const RESUMING: bool>(
        &mut self,
        plan: &'static PlanRef,
        i: usize,
        body: Section,
    ) -> Result<(), Stop> {
        if walks::<W>() {
            return self.walked_body(plan, body as u8, i + 1);
        }
        match body {
            Section::Meta => self.steps::<P, 1, RESUMING>(),
            _ => self.steps::<P, 2, RESUMING>(),
        }
    }

    /// Step `i` of section `sec`, if `P` has one (the straight-line code).
    #[cfg(not(feature = "small"))]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn step<P: Plan, const RESUMING: bool>(
        &mut self,
        plan: &'static PlanRef,
        sec: u8,
        i: usize,
        st: Option<Step>,
    ) -> Result<(), Stop> {
        let Some(st) = st else {
            return Ok(());
        };
        let Some((sep, at)) = self.enter::<RESUMING>(&st, sec, i) else {
            return Ok(());
        };
        match st.op {
            Op::Loop(body) => self.looped::<P, RESUMING>(plan, &st, i, body, sep),
            _ => self
                .piece(plan, &st, sep, at)
                .map_err(|s| self.stopped(sec, i, 0, s)),
        }
    }

    /// Whether step `st` (step `i` of section `sec`) is written: if so, the separator bytes it
    /// drops and where in its piece it starts (a resumed pull render).
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn enter<const RESUMING: bool>(
        &mut self,
        st: &impl Gate,
        sec: u8,
        i: usize,
    ) -> Option<(usize, At)> {
        // The steps before the place a pull render resumes at are passed over first: their
        // facts need no test.
        if W::RESUMABLE
            && RESUMING
            && let Some(r) = self.resume()
            && (i as u8) < if sec == 0 { r.step } else { r.body }
        {
            return None;
        }
        if self.facts & st.when() != st.when() {
            return None;
        }
        let mut at = At::default();
        if W::RESUMABLE
            && RESUMING
            && let Some(r) = self.resume()
            && !matches!(st.op(), Op::Loop(_))
        {
            at = r.at;
            self.resuming = false;
        }
        let sep = if self.first(st) {
            usize::from(st.sep())
        } else {
            0
        };
        Some((sep, at))
    }

    /// The piece of a step that is not a loop.
    #[cfg(not(feature = "small"))]
    #[inline(always)]
    fn piece(&mut self, plan: &'static PlanRef, st: &Step, sep: usize, at: At) -> Result<(), Stop> {
        match st.op {
            Op::Lit => piece_at(
                self.src,
                self.out,
                &[lit(plan, st.head, sep)],
                Escape::Json,
                at,
            ),
            Op::Value(v) => self.value(plan, st, v, sep, at),
            Op::Pair(a, b) => self.pair(plan, st, (a, b), sep, at),
            Op::Loop(_) => Ok(()),
        }
    }

    /// Whether step `st` is the first of its container (its separator is dropped).
    #[inline(always)]
    fn first(&self, st: &impl Gate) -> bool {
        (st.first_if() != 0 && self.facts & st.first_if() != 0)
            || (st.first_unless() != 0 && self.facts & st.first_unless() == 0)
    }

    #[inline(always)]
    fn escape(&self, c: Context) -> Escape {
        match c {
            Context::Json if self.ascii => Escape::JsonAscii,
            Context::Json => Escape::Json,
            Context::XmlAttr => Escape::XmlAttr,
            Context::XmlText => Escape::XmlText,
        }
    }

    /// A value step: head, value, tail in one piece.
    #[cfg(not(feature = "small"))]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn value(
        &mut self,
        plan: &'static PlanRef,
        st: &Step,
        v: Value,
        sep: usize,
        at: At,
    ) -> Result<(), Stop> {
        let esc = self.escape(st.context);
        let head = lit(plan, st.head, sep);
        let tail = lit(plan, st.tail, 0);
        self.im.prepare(v, 0);
        if let Value::Href(h) = v {
            let (base, mid, collection) = h.parts();
            let base = self.endpoint(base);
            let id = self.im.get(v, 0, None).unwrap_or(Text::new("", 0));
            let parts = [
                head,
                base,
                Text::new(mid, 0),
                self.tenant(),
                Text::new(collection, 0),
                id,
                tail,
            ];
            return piece_at(self.src, self.out, &parts, esc, at);
        }
        // Each form is its own piece, so that its static parts keep their constant lengths.
        let null = Text::from_stored(self.style().null, 0);
        let next = self.next_link();
        let (src, out) = (self.src, &mut *self.out);
        match self.im.get(v, 0, next) {
            Some(t) => match st.empty {
                Some(empty) if t.s.is_empty() => {
                    let parts = [
                        lit(plan, st.pre, sep),
                        lit(plan, empty, 0),
                        lit(plan, st.post, 0),
                    ];
                    piece_at(src, out, &parts, esc, at)
                }
                _ => piece_at(src, out, &[head, t, tail], esc, at),
            },
            None if st.bare => {
                let parts = [lit(plan, st.pre, sep), null, lit(plan, st.post, 0)];
                piece_at(src, out, &parts, esc, at)
            }
            None => piece_at(src, out, &[head, null, tail], esc, at),
        }
    }

    /// Two values in one piece: head, `a`, mid, `b`, tail.
    #[cfg(not(feature = "small"))]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn pair(
        &mut self,
        plan: &'static PlanRef,
        st: &Step,
        (a, b): (Value, Value),
        sep: usize,
        at: At,
    ) -> Result<(), Stop> {
        let esc = self.escape(st.context);
        self.im.prepare(a, 0);
        self.im.prepare(b, 1);
        let null = Text::from_stored(self.style().null, 0);
        let va = self.im.get(a, 0, self.next_link());
        let vb = self.im.get(b, 1, self.next_link());
        // The forms of each value: (what it is, whether it loses its opening and closing).
        let (first, trim_a) = match va {
            Some(t) => (t, false),
            None => (null, st.bare),
        };
        let (second, trim_b) = match vb {
            Some(t) => match st.empty {
                Some(e) if t.s.is_empty() => (lit(plan, e, 0), true),
                _ => (t, false),
            },
            None => (null, st.bare),
        };
        // Each combination is its own piece, so that its static parts keep constant lengths.
        let (mid, close_a, open_b) = (st.mid, u16::from(st.close_a), u16::from(st.open_b));
        let mids = |a: bool, b: bool| Lit {
            start: mid.start + if a { close_a } else { 0 },
            end: mid.end - if b { open_b } else { 0 },
        };
        let (src, out) = (self.src, &mut *self.out);
        match (trim_a, trim_b) {
            (false, false) => {
                let parts = [
                    lit(plan, st.head, sep),
                    first,
                    lit(plan, mids(false, false), 0),
                    second,
                    lit(plan, st.tail, 0),
                ];
                piece_at(src, out, &parts, esc, at)
            }
            (false, true) => {
                let parts = [
                    lit(plan, st.head, sep),
                    first,
                    lit(plan, mids(false, true), 0),
                    second,
                    lit(plan, st.post, 0),
                ];
                piece_at(src, out, &parts, esc, at)
            }
            (true, false) => {
                let parts = [
                    lit(plan, st.pre, sep),
                    first,
                    lit(plan, mids(true, false), 0),
                    second,
                    lit(plan, st.tail, 0),
                ];
                piece_at(src, out, &parts, esc, at)
            }
            (true, true) => {
                let parts = [
                    lit(plan, st.pre, sep),
                    first,
                    lit(plan, mids(true, true), 0),
                    second,
                    lit(plan, st.post, 0),
                ];
                piece_at(src, out, &parts, esc, at)
            }
        }
    }

    /// A loop step: its head, each entry (`BODY`'s steps), its tail; or its empty form.
    #[cfg(not(feature = "small"))]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn looped<P: Plan, const RESUMING: bool>(
        &mut self,
        plan: &'static PlanRef,
        st: &Step,
        i: usize,
        body: Section,
        sep: usize,
    ) -> Result<(), Stop> {
        let count = self.entries(body);
        let (mut phase, mut at) = (0, At::default());
        if W::RESUMABLE
            && RESUMING
            && let Some(r) = self.resume()
        {
            (phase, at) = (r.phase, r.at);
            if phase != 1 {
                self.resuming = false;
            }
        }
        let esc = Escape::Json;
        if count == 0 {
            let parts = [
                lit(plan, st.pre, sep),
                lit(plan, st.empty.unwrap_or(st.pre), 0),
                lit(plan, st.post, 0),
            ];
            return piece_at(self.src, self.out, &parts, esc, at)
                .map_err(|s| self.stopped(0, i, 0, s));
        }
        if phase == 0 {
            piece_at(self.src, self.out, &[lit(plan, st.head, sep)], esc, at)
                .map_err(|s| self.stopped(0, i, 0, s))?;
        }
        if phase != 2 {
            at = At::default();
        }
        if phase <= 1 {
            self.entries_of::<P, RESUMING>(plan, i, body)?;
        }
        piece_at(self.src, self.out, &[lit(plan, st.tail, 0)], esc, at)
            .map_err(|s| self.stopped(0, i, 2, s))
    }

    /// How many entries a loop over `body` has in the image.
    #[inline(always)]
    fn entries(&self, body: Section) -> usize {
        match body {
            Section::Meta => self.im.img.entries.metadata,
            _ => self.im.img.entries.links,
        }
    }

    /// Each entry of the loop at step `i` (which has some): the steps of section `body`, from
    /// where a pull render resumes.
    #[cfg(not(feature = "small"))]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn entries_of<P: Plan, const RESUMING: bool>(
        &mut self,
        plan: &'static PlanRef,
        i: usize,
        body: Section,
    ) -> Result<(), Stop> {
        let count = self.entries(body);
        let first = self.next_entry(body, count, None).unwrap_or(0);
        let mut k = match self.resume() {
            Some(r) if W::RESUMABLE && RESUMING => r.entry as usize,
            _ => first,
        };
        let entry_facts = self.facts & !fact::ENTRY;
        loop {
            let mut facts = entry_facts;
            match body {
                Section::Meta => self.im.load_meta(self.src, k),
                _ => facts |= self.im.load_link(self.src, k),
            }
            if !walks::<W>() && k == first {
                // The first entry's steps apart from the others': each copy then knows
                // whether its separator is dropped, and writes heads of constant length.
                self.facts = facts | fact::FIRST_ENTRY;
                self.entry::<P, RESUMING>(plan, i, body)
                    .map_err(|s| self.stopped_in_entry(i, k, s))?;
            } else {
                self.facts = if k == first {
                    facts | fact::FIRST_ENTRY
                } else {
                    facts
                };
                self.entry::<P, RESUMING>(plan, i, body)
                    .map_err(|s| self.stopped_in_entry(i, k, s))?;
            }
            match self.next_entry(body, count, Some(k)) {
                Some(n) => k = n,
                None => break,
            }
        }
        self.facts = entry_facts;
        Ok(())
    }

    /// The entry written after `after` (`None`: the first): metadata in the style's
    /// [`Order`] if it has one (pretty JSON: by key), else as stored.
    #[cfg_attr(feature = "small", inline(never))]
    fn next_entry(&self, body: Section, count: usize, after: Option<usize>) -> Option<usize> {
        match self.style().order {
            Some(order) if body == Section::Meta => {
                let keys = MetaKeys {
                    im: &self.im,
                    src: self.src,
                };
                order(&keys, count, after)
            }
            _ => {
                let k = after.map_or(0, |k| k + 1);
                (k < count).then_some(k)
            }
        }
    }

    /// Records which entry a pull render stopped in: entry `k` of the loop at step `i` (where
    /// in the entry, [`Run::stopped`] recorded). Only when it stops, not for every entry.
    #[cfg(not(feature = "small"))]
    #[cold]
    fn stopped_in_entry(&mut self, i: usize, k: usize, s: Stop) -> Stop {
        if W::RESUMABLE {
            self.pos.step = i as u8;
            self.pos.entry = k as u32;
        }
        s
    }

    /// Records where a pull render stopped: step `i` of section `sec`, in `phase` of a loop.
    /// (Only a pull render resumes: the others keep no place.)
    #[cfg(not(feature = "small"))]
    #[cold]
    fn stopped(&mut self, sec: u8, i: usize, phase: u8, s: Stop) -> Stop {
        if !W::RESUMABLE {
            return s;
        }
        if sec == 0 {
            self.pos.step = i as u8;
            self.pos.phase = phase;
        } else {
            self.pos.body = i as u8;
            self.pos.phase = 1;
        }
        self.pos.at = s.0;
        s
    }
}

/// What the small build's walker asks of its run loop, which does it out of the walker's frame.
#[cfg(feature = "small")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    /// The document is written.
    End,
    /// The output stopped where `pos.at` says, in the part `pos` is at.
    Stopped,
    /// A stage begins (or a pull render resumes in one): its image and facts are to be read.
    Begin,
    /// A loop's head or entry is written: the next entry is to be found (its order read out
    /// of the walker's frame).
    Entry,
    /// `pos` moved on (a part written, or a step passed): ask again.
    Skip,
}

/// The small build's piece of a step ([`Run::write_part`]): its parts, and the bits of a step's
/// shape ([`Run::shape_step`]).
#[cfg(feature = "small")]
mod piece {
    /// A step's shape: the first value's bits, then the second's from bit `B`. The value is
    /// null.
    pub(super) const NULL: u8 = 1;
    /// The value is empty and written as the step's empty form (a loop without entries too).
    pub(super) const EMPTY: u8 = 2;
    /// The opening (of the first value) or the closing (of the second) loses the value's.
    pub(super) const TRIM: u8 = 4;
    /// Where the second value's bits start.
    pub(super) const B: u8 = 3;
    /// The shape is the step's at `pos` (else it is still to be found).
    pub(super) const KNOWN: u8 = 128;

    /// The parts of a piece; a loop's tail is the last.
    pub(super) const PARTS: u8 = 9;
    /// The part of a step's first value, after the opening and a derived link's four leading
    /// parts.
    pub(super) const FIRST_VALUE: u8 = 5;
}
#[cfg(feature = "small")]
use piece::{B, EMPTY, FIRST_VALUE, KNOWN, NULL, PARTS, TRIM};

/// The values a step writes: none, one, or two.
#[cfg(feature = "small")]
#[inline(always)]
fn values(op: Op) -> (Option<Value>, Option<Value>) {
    match op {
        Op::Value(v) => (Some(v), None),
        Op::Pair(a, b) => (Some(a), Some(b)),
        _ => (None, None),
    }
}

/// The document's facts (the image's and the entry's are the bits above them).
#[cfg(feature = "small")]
const DOC_FACTS: Facts = fact::FIRST_ITEM - 1;

/// The small build's renderer: a loop that asks the walker ([`Run::next_part`]) to write the
/// next part or move on, and does in frames of its own what takes more than a look at the plan
/// (an image's record, the next entry of a loop). A value is formatted only as it is written (one
/// buffer, one value). `pos` is where the walker stands: the part being written; a pull render
/// resumes there.
#[cfg(feature = "small")]
impl<'r, 'a, K: Kind, S: Source + ?Sized, W: Sink> Run<'r, 'a, K, S, W> {
    /// Writes the document from its start, or a pull render from `from`.
    pub(crate) fn run(&mut self, from: Pos) -> Result<(), Stop> {
        self.pos = from;
        // The stage's image and facts are still to be read (`resuming` says so here).
        self.resuming = true;
        loop {
            match self.next_part() {
                Next::End => return Ok(()),
                Next::Stopped => return Err(Stop(self.pos.at)),
                Next::Begin => self.begin(),
                Next::Entry => self.next_entry_of_loop(),
                Next::Skip => {}
            }
        }
    }

    /// The plan of stage `stage` of a document of `images` images.
    #[inline(always)]
    fn plan_of(&self, stage: u32, images: u32) -> &'static PlanRef {
        if stage == 0 {
            &self.tables.prologue
        } else if stage <= images {
            self.tables.image(self.facts)
        } else {
            &self.tables.epilogue
        }
    }

    /// The step `pos` is at, in `plan`: of the main section, or of the entry of the loop there.
    #[inline(always)]
    fn step_here(&self, plan: &'static PlanRef) -> Option<Walked> {
        let i = usize::from(self.pos.step);
        match plan.op_in(i, Section::Main as u8) {
            Some(Op::Loop(body)) if self.pos.phase == 1 => {
                plan.step_in(usize::from(self.pos.body), body as u8)
            }
            _ => plan.step_in(i, Section::Main as u8),
        }
    }

    /// Begins the stage `pos` is in: its image's record and facts (and, resuming in an entry,
    /// the entry's), or, if the source refuses the image, the next stage.
    #[inline(never)]
    fn begin(&mut self) {
        let p = self.pos;
        let images = Self::count(self.src, self.facts & fact::LISTED != 0);
        self.resuming = false;
        self.shape = 0;
        if !self.start(p.stage, images) {
            // A source that refuses an image as it reads it (the C view): not written.
            self.pos = Pos {
                stage: p.stage.wrapping_add(1),
                ..Pos::default()
            };
            self.resuming = true;
            return;
        }
        if p.phase == 1
            && let Some(Op::Loop(body)) =
                self.plan_of(p.stage, images).op_in(usize::from(p.step), 0)
        {
            self.enter_entry(body, p.entry as usize);
        }
    }

    /// Writes the part `pos` is at, if the step there is written, or moves `pos` on one place;
    /// [`Next::End`] at the end of the document. (No loop here: a loop's invariants would be
    /// kept in this frame.) What takes more than a look at the plan (an image's record, the
    /// next entry) it leaves to the run loop.
    #[inline(never)]
    fn next_part(&mut self) -> Next {
        if self.resuming {
            return Next::Begin;
        }
        let images = Self::count(self.src, self.facts & fact::LISTED != 0);
        let stage = self.pos.stage;
        let plan = self.plan_of(stage, images);
        let phase = self.pos.phase;
        if usize::from(self.pos.step) >= plan.steps.len() {
            if stage > images {
                return Next::End;
            }
            self.pos = Pos {
                stage: stage.wrapping_add(1),
                ..Pos::default()
            };
            self.resuming = true;
            return Next::Skip;
        }
        let Some(st) = self.step_here(plan) else {
            if phase == 1 {
                // The entry is written.
                return Next::Entry;
            }
            self.next_step();
            return Next::Skip;
        };
        let written = self.facts & st.when() == st.when();
        let part = self.pos.at.part;
        if written && part < PARTS {
            if self.shape & KNOWN == 0 {
                self.shape_step(&st);
            }
            if let Err(Stop(at)) = self.write_part(plan, &st) {
                self.pos.at = at;
                return Next::Stopped;
            }
            // Past a derived link's leading parts, which only a derived link has (each would be
            // one more turn of the loop).
            let next = match st.op() {
                Op::Value(Value::Href(_)) => part.wrapping_add(1),
                _ if part == 0 => FIRST_VALUE,
                _ => part.wrapping_add(1),
            };
            self.pos.at = At {
                part: next,
                ..At::default()
            };
            return Next::Skip;
        }
        // The step is written (or not written at all): the next step, or a loop's entries.
        self.shape = 0;
        match st.op() {
            Op::Loop(body) if written && phase == 0 && self.entries(body) > 0 => {
                return Next::Entry;
            }
            _ if phase != 1 => self.next_step(),
            _ => {
                self.pos.body = self.pos.body.wrapping_add(1);
                self.pos.at = At::default();
            }
        }
        Next::Skip
    }

    /// Moves to the next step of the main section.
    #[inline(always)]
    fn next_step(&mut self) {
        self.pos = Pos {
            stage: self.pos.stage,
            step: self.pos.step.wrapping_add(1),
            ..Pos::default()
        };
    }

    /// Moves to the next entry of the loop at `pos` (from its head: the first), or, after the
    /// last, to its tail (its last part).
    #[inline(never)]
    fn next_entry_of_loop(&mut self) {
        let p = self.pos;
        let images = Self::count(self.src, self.facts & fact::LISTED != 0);
        let Some(Op::Loop(body)) = self.plan_of(p.stage, images).op_in(usize::from(p.step), 0)
        else {
            return self.next_step();
        };
        let count = self.entries(body);
        let after = (p.phase == 1).then_some(p.entry as usize);
        // The place's stage and step stay; it moves to the start of the entry or the tail.
        let (phase, part) = match self.next_entry(body, count, after) {
            Some(k) => {
                self.pos.entry = k as u32;
                self.pos.body = p.step.wrapping_add(1);
                self.enter_entry(body, k);
                (1, 0)
            }
            None => {
                self.facts &= !fact::ENTRY;
                (2, PARTS - 1)
            }
        };
        self.pos.phase = phase;
        self.pos.at = At {
            part,
            ..At::default()
        };
    }

    /// Starts stage `stage`: the image's record and facts; `false` if the source refused the
    /// image.
    #[inline(always)]
    fn start(&mut self, stage: u32, images: u32) -> bool {
        let doc = self.facts & DOC_FACTS;
        self.facts = doc;
        if stage == 0 || stage > images {
            return true;
        }
        // What of each image the document writes, the same for every image.
        let reads = if doc & fact::SUMMARY != 0 {
            SUMMARY_READS
        } else {
            DETAIL_READS
        };
        let index = self.first + (stage as usize - 1);
        match self.im.start(self.src, index, reads) {
            Some(facts) => {
                let first = if stage == 1 { fact::FIRST_ITEM } else { 0 };
                self.facts = doc | first | facts;
                true
            }
            None => false,
        }
    }

    /// Enters entry `k` of a loop over `body`: its facts (whether it is the first written, asked
    /// of the order here, for a loop begun and a pull render resumed alike).
    #[inline(never)]
    fn enter_entry(&mut self, body: Section, k: usize) {
        let mut facts = self.facts & !fact::ENTRY;
        if self.next_entry(body, self.entries(body), None) == Some(k) {
            facts |= fact::FIRST_ENTRY;
        }
        self.facts = facts | self.im.enter(self.src, k, body == Section::Meta);
    }

    /// Writes the part `pos` is at, from where in it `pos` says: every step as one shape of
    /// piece, so that one copy of the code writes them all. Its parts: the opening, a derived
    /// link's four leading parts, the first value, the text between two values, the second
    /// value, the closing; those a step does not have are empty. A literal or a loop's head is
    /// an opening alone, a loop's tail a closing alone (written after its entries); a loop
    /// without entries is its empty form, as an empty value's. Which form each value takes is
    /// the step's shape ([`Run::shape_step`]), found before its first part.
    #[inline(always)]
    fn write_part(&mut self, plan: &'static PlanRef, st: &Walked) -> Result<(), Stop> {
        let (a, b) = values(st.op());
        let (shape, at) = (self.shape, self.pos.at);
        let (trim_a, trim_b) = (shape & TRIM != 0, shape & TRIM << B != 0);
        let esc = self.escape(st.context());
        let cut = |yes: bool, n: u8| if yes { u16::from(n) } else { 0 };
        let t = 'text: {
            // A literal part: which of the step's literals (`head`, `tail`, `mid` or `empty`),
            // less the bytes cut from its start and its end.
            let (which, from_start, from_end) = match at.part {
                // The opening, less the separator bytes the step drops.
                0 => (0, cut(self.first(st), st.sep()), cut(trim_a, st.opening())),
                k @ 1..=4 => match a {
                    Some(Value::Href(h)) => break 'text self.href_part(h, k),
                    _ => return Ok(()),
                },
                k @ (FIRST_VALUE | 7) => {
                    let (v, side) = if k == FIRST_VALUE {
                        (a, shape)
                    } else {
                        (b, shape >> B)
                    };
                    if side & NULL != 0 {
                        break 'text Text::from_stored(self.tables.null, 0);
                    }
                    if side & EMPTY == 0 {
                        return match v {
                            Some(v) if v.is_formatted() => self.formatted(v, at),
                            Some(v) => self.value(v, esc, at),
                            None => Ok(()),
                        };
                    }
                    // The step's empty form; a loop's without one, its opening less the value's.
                    match st.has_empty() {
                        true => (2, 0, 0),
                        false => (0, 0, u16::from(st.opening())),
                    }
                }
                6 if b.is_some() => (2, cut(trim_a, st.close_a()), cut(trim_b, st.open_b())),
                // The closing; a loop's tail, after its entries.
                8 if trim_b || a.is_some() || self.pos.phase == 2 => {
                    (1, cut(trim_b, st.closing()), 0)
                }
                _ => return Ok(()),
            };
            let l = st.lit(which);
            let l = Lit {
                start: l.start.wrapping_add(from_start),
                end: l.end.wrapping_sub(from_end),
            };
            lit(plan, l, 0)
        };
        part_from(self.out, t, esc, self.escape, at)
    }

    /// Writes value `v` from `at`, read where it is written.
    #[inline(always)]
    fn value(&mut self, v: Value, esc: Escape, at: At) -> Result<(), Stop> {
        let t = match self.im.lookup(self.src, v) {
            Some(Some(t)) => t,
            _ => Text::from_stored(&[], 0),
        };
        part_from(self.out, t, esc, self.escape, at)
    }

    /// Writes value `v` from `at`, formatted in this frame (no buffer in the run).
    #[inline(never)]
    fn formatted(&mut self, v: Value, at: At) -> Result<(), Stop> {
        let mut buf = [0; 36];
        let t = self.im.format(v, &mut buf);
        let from = at.offset as usize;
        self.out.put(t.s.get(from..).unwrap_or(&[])).map_err(|n| {
            Stop(At {
                offset: (from + n) as u32,
                partial: 0,
                ..at
            })
        })
    }

    /// Finds step `st`'s shape ([`Run::write_part`]): for each value, whether it is null or
    /// takes the step's empty form, and whether the opening and the closing lose the value's.
    #[inline(never)]
    fn shape_step(&mut self, st: &Walked) {
        let (a, b) = values(st.op());
        let mut shape = KNOWN;
        match (a, st.op()) {
            (Some(a), _) => shape |= self.form(st, a, b.is_none()),
            (None, Op::Loop(body)) if self.entries(body) == 0 => shape |= EMPTY | TRIM,
            _ => {}
        }
        shape |= match b {
            Some(b) => self.form(st, b, true) << B,
            None => (shape & TRIM) << B,
        };
        self.shape = shape;
    }

    /// How value `v` is written ([`Run::shape_step`]'s bits for it): itself, a bare null, or
    /// (`last`, empty) the step's empty form.
    #[inline(never)]
    fn form(&self, st: &Walked, v: Value, last: bool) -> u8 {
        match self.im.presence(self.src, v) {
            None if st.bare() => NULL | TRIM,
            None => NULL,
            Some(true) if last && st.has_empty() => EMPTY | TRIM,
            Some(_) => 0,
        }
    }

    /// Part `k` (1 to 4) of a derived link: the endpoint, the text after it, the tenant, the
    /// collection (the id follows as the value).
    #[inline(never)]
    fn href_part(&self, h: Href, k: u8) -> Text<'a> {
        let (base, m, collection) = h.parts();
        match (k, base) {
            (1, Base::Compute) => self.src.compute(),
            (1, Base::ImageService) => self.src.image_service(),
            (2, _) => Text::new(m, 0),
            (3, _) => self.src.tenant(),
            _ => Text::new(collection, 0),
        }
    }
}

/// An order of metadata entries: the entry after `after` (`None`: the first) of `count`, `keys`
/// giving each entry's key.
pub(crate) type Order = fn(&dyn Keys, usize, Option<usize>) -> Option<usize>;

/// The keys of the image's metadata entries, for an [`Order`]. A trait of one method rather
/// than a `dyn Fn`: a firmware whose styles do not sort links a vtable of one entry and no
/// `call_once` shim.
pub(crate) trait Keys {
    fn key(&self, k: usize) -> &[u8];
}

/// The keys of `im`'s entries in `src`.
struct MetaKeys<'s, 'a, S: ?Sized> {
    im: &'s Image<'a>,
    src: &'a S,
}

impl<S: Source + ?Sized> Keys for MetaKeys<'_, '_, S> {
    fn key(&self, k: usize) -> &[u8] {
        self.im.key_of(self.src, k)
    }
}

/// By key (pretty JSON, as Python's `sort_keys`). Not generic, and named only by the tables of a
/// style that sorts: a firmware without one links none of it.
pub(crate) fn key_order(keys: &dyn Keys, count: usize, after: Option<usize>) -> Option<usize> {
    let after = after.map(|a| keys.key(a));
    let mut best: Option<(usize, &[u8])> = None;
    for c in 0..count {
        let k = keys.key(c);
        if after.is_none_or(|a| k > a) && best.is_none_or(|(_, b)| k < b) {
            best = Some((c, k));
        }
    }
    best.map(|(c, _)| c)
}

/// A piece of a render from `src`.
#[cfg(not(feature = "small"))]
#[inline(always)]
fn piece_at<S: Source + ?Sized, W: Sink, const N: usize>(
    src: &S,
    out: &mut W,
    parts: &[Text<'_>; N],
    esc: Escape,
    at: At,
) -> Result<(), Stop> {
    if W::RESUMABLE && at != At::default() {
        return rest_of(src, out, parts, esc, at);
    }
    piece(out, parts, esc, src)
}

/// The rest of the piece a pull render stopped in, from `at`: the parts before it dropped and
/// the one it stopped in cut, then written as any piece is (a place inside an escape sequence,
/// part by part).
#[cfg(not(feature = "small"))]
#[inline(never)]
fn rest_of<S: Source + ?Sized, W: Sink, const N: usize>(
    src: &S,
    out: &mut W,
    parts: &[Text<'_>; N],
    esc: Escape,
    at: At,
) -> Result<(), Stop> {
    if at.partial != 0 {
        return piece_from(out, parts, esc, at);
    }
    let mut rest = *parts;
    for (k, p) in rest.iter_mut().enumerate() {
        if k <= usize::from(at.part) {
            let from = if k == usize::from(at.part) {
                at.offset as usize
            } else {
                p.s.len()
            };
            p.s = p.s.get(from..).unwrap_or(&[]);
        }
    }
    // Where a stop in the cut part is, counted in the whole part.
    piece(out, &rest, esc, src).map_err(|Stop(mut s)| {
        if s.part == at.part {
            s.offset += at.offset;
        }
        Stop(s)
    })
}

/// Literal `l` of the plan, less its first `skip` bytes.
#[cfg_attr(not(feature = "small"), inline(always))]
#[cfg_attr(feature = "small", inline(never))]
fn lit(plan: &'static PlanRef, l: Lit, skip: usize) -> Text<'static> {
    Text::from_stored(
        plan.pool
            .get(l.start as usize + skip..l.end as usize)
            .unwrap_or(&[]),
        0,
    )
}

#[cfg(not(feature = "small"))]
const fn section(s: u8) -> Section {
    match s {
        0 => Section::Main,
        1 => Section::Meta,
        _ => Section::Link,
    }
}
