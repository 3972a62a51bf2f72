//! The four capacities of an image list, as a value: what a list holds, what it uses, or what a
//! document needs ([`Capacity::detail`], [`Capacity::show`]).

use core::fmt;

/// How many images, metadata entries, explicit links and bytes of text: the four const
/// parameters of [`crate::ImageList`].
///
/// `Display` writes the list type with exactly these capacities:
///
/// ```
/// let c = osimages::Capacity { images: 7, metadata: 19, links: 0, bytes: 527 };
/// assert_eq!(c.to_string(), "ImageList<7, 19, 0, 527>");
/// assert!(c.fits_in(&osimages::ImageList::<8, 32, 0, 1024>::CAPACITY));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Capacity {
    /// Images (`IMAGES`).
    pub images: usize,
    /// Metadata entries, all images together (`META`).
    pub metadata: usize,
    /// Explicit links, all images together (`LINKS`).
    pub links: usize,
    /// Bytes of text, all strings together (`BYTES`).
    pub bytes: usize,
}

impl Capacity {
    /// Nothing at all.
    pub const NONE: Capacity = Capacity {
        images: 0,
        metadata: 0,
        links: 0,
        bytes: 0,
    };

    /// Whether every one of these fits within `other`.
    pub const fn fits_in(&self, other: &Capacity) -> bool {
        self.images <= other.images
            && self.metadata <= other.metadata
            && self.links <= other.links
            && self.bytes <= other.bytes
    }
}

impl fmt::Display for Capacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ImageList<{}, {}, {}, {}>",
            self.images, self.metadata, self.links, self.bytes
        )
    }
}
