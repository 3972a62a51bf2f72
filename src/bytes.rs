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

/// Moves the bytes of `region` from `from` on to its start. Each round copies the next `from`
/// bytes down over the `from` before them: two halves of one split, which never overlap, so each
/// round is a plain copy.
pub(crate) fn move_down(region: &mut [u8], from: usize) {
    if from == 0 {
        return;
    }
    let mut at = 0;
    while let Some((dst, src)) = region
        .get_mut(at..)
        .and_then(|window| window.split_at_mut_checked(from))
    {
        if src.is_empty() {
            return;
        }
        copy(dst, src);
        at += from;
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
        let mut b = *b"abcdefg";
        move_down(&mut b, 1);
        assert_eq!(&b, b"bcdefgg");
        let mut b = *b"abcdefgh";
        move_down(&mut b, 4);
        assert_eq!(&b, b"efghefgh");
    }
}
