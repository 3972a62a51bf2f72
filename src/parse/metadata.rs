//! An image's `metadata` object: each key and value unescaped straight into the byte pool.

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::Parser;
use super::scalars::{OptRawStr, RawStr};
use crate::error::{Fault, Field};

pub(crate) struct MetadataSeed<'a, 's, 'd> {
    pub(crate) p: &'a mut Parser<'s, 'd>,
    pub(crate) image: usize,
}

impl<'de> DeserializeSeed<'de> for MetadataSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MetadataSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of strings")
    }

    // Out of line, in a frame of its own, as the links', link's and server's visitors: inlined,
    // their locals were in the image visitor's frame for the whole parse (a firmware's parse
    // stack: 3,168 -> 2,880 B on a Cortex-M4).
    #[inline(never)]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (p, image) = (self.p, self.image);
        let mut entry = 0;
        loop {
            p.at(Some(image), Field::MetadataKey, Some(entry));
            let Some(raw_key) = map.next_key_seed(RawStr)? else {
                p.at(Some(image), Field::Metadata, None);
                return Ok(());
            };
            p.at(Some(image), Field::MetadataValue, Some(entry));
            let raw_value = map.next_value_seed(OptRawStr)?;
            let at = |e: Fault| e.at_image(image).at_entry(entry);
            let key = p
                .store
                .text(raw_key, Field::MetadataKey)
                .map_err(|e| p.fail(at(e)))?;
            let value = match raw_value {
                Some(v) => Some(
                    p.store
                        .text(v, Field::MetadataValue)
                        .map_err(|e| p.fail(at(e)))?,
                ),
                None => None,
            };
            p.store
                .pending_meta(key, value)
                .map_err(|e| p.fail(e.at_image(image)))?;
            entry += 1;
        }
    }
}
