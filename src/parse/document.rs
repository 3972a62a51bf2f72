//! The top level of a document: `{"images": [...], "images_links": [...]}` or `{"image": {...}}`.

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Parser;
use super::image::ImageSeed;
use super::links::{LinkSeed, RawLink};
use super::scalars::KeySeed;
use crate::error::{ErrorKind, Fault, Field};
use crate::list::unescape;

pub(crate) struct DocumentSeed<'a, 's, 'd> {
    pub(crate) p: &'a mut Parser<'s, 'd>,
    pub(crate) show: bool,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_, 'de> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_, 'de> {
    /// Detail: how many images were added; show: the new image's index.
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an image document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let p = self.p;
        let (main_key, main_field): (&str, _) = if self.show {
            ("image", Field::Image)
        } else {
            ("images", Field::Images)
        };
        let mut result = None;
        let mut seen_next = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key.is(main_key) {
                if result.is_some() {
                    return Err(p.fail(Fault::new(ErrorKind::DuplicateField, main_field)));
                }
                result = Some(if self.show {
                    p.at(Some(0), Field::Image, None);
                    map.next_value_seed(ImageSeed {
                        p: &mut *p,
                        index: 0,
                    })?
                } else {
                    map.next_value_seed(ImagesSeed { p: &mut *p })?
                });
            } else if key.is("images_links") && !self.show {
                if seen_next {
                    return Err(p.fail(Fault::new(ErrorKind::DuplicateField, Field::NextLink)));
                }
                seen_next = true;
                p.at(None, Field::NextLink, None);
                map.next_value_seed(NextLinksSeed { p: &mut *p })?;
            } else {
                return Err(p.unknown(&key, Fault::new(ErrorKind::UnknownField, Field::Document)));
            }
            p.at(None, Field::Document, None);
        }
        result.ok_or_else(|| p.fail(Fault::new(ErrorKind::MissingField, main_field)))
    }
}

/// The `images` array.
struct ImagesSeed<'a, 's, 'd> {
    p: &'a mut Parser<'s, 'd>,
}

impl<'de> DeserializeSeed<'de> for ImagesSeed<'_, '_, 'de> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        self.p.at(None, Field::Images, None);
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ImagesSeed<'_, '_, 'de> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of images")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let p = self.p;
        // Positions are the document's: its first image is `images[0]`.
        let mut index = 0;
        loop {
            p.at(Some(index), Field::Image, None);
            if seq
                .next_element_seed(ImageSeed { p: &mut *p, index })?
                .is_none()
            {
                p.at(None, Field::Images, None);
                return Ok(index);
            }
            index += 1;
        }
    }
}

/// `images_links`: at most one link, with `rel` `next`.
struct NextLinksSeed<'a, 's, 'd> {
    p: &'a mut Parser<'s, 'd>,
}

impl<'de> DeserializeSeed<'de> for NextLinksSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NextLinksSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of links")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let p = self.p;
        let mut next: Option<RawLink<'de>> = None;
        let mut entry = 0;
        while let Some(link) = seq.next_element_seed(LinkSeed {
            p: &mut *p,
            image: None,
            entry,
            field: Field::NextLink,
        })? {
            let is_next = unescape::equals(link.rel, b"next");
            if !is_next || next.is_some() {
                let kind = if is_next {
                    ErrorKind::DuplicateField
                } else {
                    ErrorKind::NotNextLink
                };
                return Err(p.fail(Fault::new(kind, Field::NextLink).at_entry(entry)));
            }
            next = Some(link);
            entry += 1;
            p.at(None, Field::NextLink, None);
        }
        if let Some(link) = next {
            let span = p
                .store
                .text(link.href, Field::NextLinkHref)
                .map_err(|e| p.fail(e.at_entry(0)))?;
            p.store.set_next_link(span);
        }
        Ok(())
    }
}
