//! The borrowed view: render straight from the caller's own table, copying nothing.

use crate::error::{Error, ErrorKind, Fault, Field};
use crate::model::{Endpoints, ImageRef};
use crate::record::Counts;
use crate::render::Document;
use crate::source::{Img, LinkText, Reads, Sealed, Source, Text};
use crate::text::{UNCLASSIFIED, UNKNOWN};
use crate::validate;

/// Images the caller keeps, checked once and then rendered in place.
///
/// ```
/// use osimages::{Endpoints, ImageRef, ImagesView, Style, Uuid};
///
/// let images = [ImageRef {
///     name: Some("cirros"),
///     metadata: &[("os_type", Some("linux"))],
///     ..ImageRef::new(Uuid::parse("155d900f-4e14-4e4c-a73d-069cbf4541e6").unwrap())
/// }];
/// let endpoints = Endpoints {
///     compute: "http://openstack.example.com",
///     image_service: "http://glance.openstack.example.com",
///     tenant: "openstack",
/// };
/// let view = ImagesView::new(endpoints, &images)?;
/// let mut buf = [0u8; 512];
/// let n = view.summary().render(&mut buf, Style::JsonCompact).unwrap();
/// assert!(buf[..n].ends_with(br#""name":"cirros"}]}"#));
/// # Ok::<(), osimages::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ImagesView<'a> {
    /// Compute, image service, tenant, and the next link: classified when they were checked,
    /// since every image's links write them (a string classified once is not looked at again as
    /// it is rendered).
    endpoints: [Text<'a>; 3],
    images: &'a [ImageRef<'a>],
    /// The class bits of every image's strings, or-ed ([`Source::may_escape`]). The strings
    /// are borrowed immutably: what the check found stays true.
    class: u8,
    next_link: Option<Text<'a>>,
    size_extension: bool,
}

impl<'a> ImagesView<'a> {
    /// Checks every value exactly as [`crate::ImageList::push`] does. The endpoints are the
    /// ones derived links (and servers' links) are built from.
    pub fn new(endpoints: Endpoints<'a>, images: &'a [ImageRef<'a>]) -> Result<Self, Error> {
        let classes = validate::endpoints(&endpoints)?;
        let mut class = 0;
        for (i, img) in images.iter().enumerate() {
            class |= validate::image(img).map_err(|e| e.at_image(i))?.1;
        }
        if u32::try_from(images.len()).is_err() {
            return Err(Fault::new(ErrorKind::TooManyImages, Field::Images).into());
        }
        Ok(ImagesView {
            endpoints: [
                Text::new(endpoints.compute, classes[0]),
                Text::new(endpoints.image_service, classes[1]),
                Text::new(endpoints.tenant, classes[2]),
            ],
            images,
            class,
            next_link: None,
            size_extension: images.iter().any(|i| i.size.is_some()),
        })
    }

    /// Adds (or with `None`, removes) the `images_links` next link.
    pub fn with_next_link(mut self, href: Option<&'a str>) -> Result<Self, Error> {
        self.next_link = match href {
            Some(h) => Some(Text::new(h, validate::text(h, Field::NextLink)?)),
            None => None,
        };
        Ok(self)
    }

    /// Turns the image-size extension on or off. A view in which any image has a size writes
    /// the extension whatever this says, so a size is never dropped.
    pub fn with_size_extension(mut self, on: bool) -> Self {
        self.size_extension = on || self.images.iter().any(|i| i.size.is_some());
        self
    }

    /// The detail list document.
    pub fn detail(&self) -> Document<'_, Self> {
        Document::detail(self)
    }

    /// The summary list document.
    pub fn summary(&self) -> Document<'_, Self> {
        Document::summary(self)
    }

    /// The show document of image `i`, if there is one.
    pub fn show(&self, i: usize) -> Option<Document<'_, Self>> {
        Document::show(self, i)
    }
}

impl Sealed for ImagesView<'_> {}

impl Source for ImagesView<'_> {
    fn may_escape(&self) -> u8 {
        self.class | UNCLASSIFIED
    }

    fn compute(&self) -> Text<'_> {
        self.endpoints[0]
    }
    fn image_service(&self) -> Text<'_> {
        self.endpoints[1]
    }
    fn tenant(&self) -> Text<'_> {
        self.endpoints[2]
    }
    fn next_link(&self) -> Option<Text<'_>> {
        self.next_link
    }
    fn size_extension(&self) -> bool {
        self.size_extension
    }
    fn count(&self) -> usize {
        self.images.len()
    }
    // Out of line in the small build: the conversion's temporaries then live in a leaf frame,
    // not in the render's, which is on the way down to every piece.
    #[cfg_attr(feature = "small", inline(never))]
    fn read_image<'s>(&'s self, i: usize, into: &mut Img<'s>, _: Reads) -> bool {
        let Some(image) = self.images.get(i) else {
            return false;
        };
        let counts = Counts {
            metadata: image.metadata.len(),
            links: image.links.explicit().len(),
        };
        *into = Img::borrowed(image, counts);
        true
    }
    fn meta(&self, i: usize, k: usize) -> Option<(Text<'_>, Option<Text<'_>>)> {
        let (key, value) = self.images.get(i)?.metadata.get(k)?;
        Some((
            Text::new(key, UNKNOWN),
            value.map(|v| Text::new(v, UNKNOWN)),
        ))
    }
    fn link(&self, i: usize, k: usize) -> Option<LinkText<'_>> {
        let l = self.images.get(i)?.links.explicit().get(k)?;
        Some(LinkText {
            href: Text::new(l.href, UNKNOWN),
            rel: Text::new(l.rel, UNKNOWN),
            media_type: l.media_type.map(|t| Text::new(t, UNKNOWN)),
        })
    }
}
