//! Byte copies with no panic path at any optimisation level. Core's `copy_from_slice` and
//! `copy_within` check lengths in code that opt-level "s" and "z" keep out of line, so a panic
//! path survives there even where the lengths are equal, and the C archive's link-time proof
//! (crate `osimages-capi`) refuses it. These copy what both sides hold and never panic; the
//! optimiser still turns them into `memcpy`/`memmove` or a few moves.

/// Copies `min(dst.len(), src.len())` bytes from `src` to the start of `dst`.
#[inline(always)]
pub(crate) fn copy(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// Moves the bytes of `region` from `from` on to its start (a move down: each byte is read
/// before it is overwritten).
pub(crate) fn move_down(region: &mut [u8], from: usize) {
    let mut i = 0;
    while let Some(&b) = region.get(from.saturating_add(i)) {
        if let Some(d) = region.get_mut(i) {
            *d = b;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_takes_what_both_sides_hold() {
        let mut dst = [0u8; 4];
        copy(&mut dst, b"abcdef");
        assert_eq!(&dst, b"abcd");
        let mut dst = [b'.'; 4];
        copy(&mut dst, b"xy");
        assert_eq!(&dst, b"xy..");
    }

    #[test]
    fn move_down_shifts_the_tail_to_the_start() {
        let mut b = *b"0123456789";
        move_down(&mut b, 3);
        assert_eq!(&b, b"3456789789");
        let mut b = *b"abc";
        move_down(&mut b, 5);
        assert_eq!(&b, b"abc");
    }
}
