//! The literals of a style's plans, merged into one pool in which each literal is stored once:
//! nova's four image layouts, a show plan and its list plan, a summary and its detail write
//! mostly the same keys. Each plan's steps are then rebased onto the merged pool. All of it runs
//! at compile time.

use super::plan::{Builder, Lit, POOL_CAPACITY, Step};

/// The most bytes a style's merged pool may have.
pub(crate) const CAPACITY: usize = 4096;

/// A style's merged literals: `bytes[..len]`.
pub(crate) struct Merged {
    pub(crate) bytes: [u8; CAPACITY],
    pub(crate) len: usize,
}

impl Merged {
    /// Every literal of every plan of `plans`, each byte run stored once.
    pub(crate) const fn of(plans: &[&Builder]) -> Merged {
        let mut m = Merged {
            bytes: [0; CAPACITY],
            len: 0,
        };
        let mut p = 0;
        while p < plans.len() {
            let (steps, n) = plans[p].built_steps();
            let pool = plans[p].built_pool();
            let mut i = 0;
            while i < n {
                let lits = own_lits(&steps[i]);
                let mut k = 0;
                while k < lits.len() {
                    if let Some(l) = lits[k] {
                        m.add(slice(pool, l));
                    }
                    k += 1;
                }
                i += 1;
            }
            p += 1;
        }
        m
    }

    /// The merged pool, exactly `N` bytes.
    pub(crate) const fn pool<const N: usize>(&self) -> [u8; N] {
        assert!(N == self.len);
        let mut out = [0; N];
        let mut i = 0;
        while i < N {
            out[i] = self.bytes[i];
            i += 1;
        }
        out
    }

    const fn add(&mut self, s: &[u8]) {
        if find(&self.bytes, self.len, s).is_some() {
            return;
        }
        assert!(
            self.len + s.len() <= CAPACITY,
            "a style's literals outgrow the merged pool"
        );
        let mut i = 0;
        while i < s.len() {
            self.bytes[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
    }
}

/// The literals a step owns: `head` (with `pre` in it), `tail` (with `post`), `mid`, `empty`.
const fn own_lits(s: &Step) -> [Option<Lit>; 4] {
    s.check_nested();
    [Some(s.head), Some(s.tail), Some(s.mid), s.empty]
}

/// `plan`'s steps with every literal moved to where `merged` holds its bytes.
pub(crate) const fn rebased<const N: usize>(plan: &Builder, merged: &Merged) -> [Step; N] {
    let (steps, n) = plan.built_steps();
    assert!(N == n);
    let pool = plan.built_pool();
    let mut out = [steps[0]; N];
    let mut i = 0;
    while i < N {
        let mut s = steps[i];
        let head = moved(pool, s.head, merged);
        s.pre = shifted(s.pre, s.head, head);
        s.head = head;
        let tail = moved(pool, s.tail, merged);
        s.post = shifted(s.post, s.tail, tail);
        s.tail = tail;
        s.mid = moved(pool, s.mid, merged);
        if let Some(e) = s.empty {
            s.empty = Some(moved(pool, e, merged));
        }
        out[i] = s;
        i += 1;
    }
    out
}

/// Where `merged` holds literal `l`'s bytes.
const fn moved(pool: &[u8; POOL_CAPACITY], l: Lit, merged: &Merged) -> Lit {
    let s = slice(pool, l);
    match find(&merged.bytes, merged.len, s) {
        Some(start) => Lit::at(start, start + s.len()),
        None => panic!("every literal is in the merged pool"),
    }
}

/// `inner` (a part of `outer`) after `outer` moved to `to`.
const fn shifted(inner: Lit, outer: Lit, to: Lit) -> Lit {
    let from = (inner.start - outer.start) as usize;
    Lit::at(
        to.start as usize + from,
        to.start as usize + from + (inner.end - inner.start) as usize,
    )
}

const fn slice(pool: &[u8; POOL_CAPACITY], l: Lit) -> &[u8] {
    let (_, rest) = pool.split_at(l.start as usize);
    let (s, _) = rest.split_at((l.end - l.start) as usize);
    s
}

/// The first place `s` starts in `bytes[..len]`.
const fn find(bytes: &[u8; CAPACITY], len: usize, s: &[u8]) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let mut at = 0;
    while at + s.len() <= len {
        let mut k = 0;
        while k < s.len() && bytes[at + k] == s[k] {
            k += 1;
        }
        if k == s.len() {
            return Some(at);
        }
        at += 1;
    }
    None
}
