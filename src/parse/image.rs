//! One image object, in any key order; stored with one commit once it is complete.

use core::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::Parser;
use super::links::{Held, LinksSeed, RawServer, ServerSeed};
use super::metadata::MetadataSeed;
use super::scalars::{KeySeed, OptRawStr, OptU64, RawStr, Short, U64};
use crate::error::{ErrorKind, Fault, Field};
use crate::list::Span;
use crate::list::unescape::{Unescape, is_plain};
use crate::model::{DiskConfig, Status};
use crate::record::Record;
use crate::{Timestamp, Uuid, validate};

/// The keys of an image object, each with the field errors name and a bit for "seen".
const KEYS: [(&str, Field); 13] = [
    ("id", Field::Id),
    ("name", Field::Name),
    ("status", Field::Status),
    ("progress", Field::Progress),
    ("minDisk", Field::MinDisk),
    ("minRam", Field::MinRam),
    ("created", Field::Created),
    ("updated", Field::Updated),
    ("metadata", Field::Metadata),
    ("links", Field::Links),
    ("server", Field::Server),
    ("OS-DCF:diskConfig", Field::DiskConfig),
    ("OS-EXT-IMG-SIZE:size", Field::Size),
];

/// Keys every image must have (the first ten of `KEYS`).
const REQUIRED: u16 = (1 << 10) - 1;

/// One image object; `index` is its position in the document. Its value is its index in the
/// list.
pub(crate) struct ImageSeed<'a, 's, 'd> {
    pub(crate) p: &'a mut Parser<'s, 'd>,
    pub(crate) index: usize,
}

impl<'de> DeserializeSeed<'de> for ImageSeed<'_, '_, 'de> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_map(self)
    }
}

/// A short string value parsed by `parse`, or the error `kind` (or a malformed escape's).
fn short<T>(
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
    kind: ErrorKind,
    field: Field,
) -> Result<T, Fault> {
    // Which refusal only once there is one: a string with no escape is looked at once.
    Short::read(raw, parse).ok_or_else(|| {
        let malformed = !is_plain(raw) && Unescape::new(raw).any(|piece| piece.is_err());
        let kind = if malformed {
            ErrorKind::InvalidEscape
        } else {
            kind
        };
        Fault::new(kind, field)
    })
}

fn date(raw: Option<&str>, field: Field) -> Result<Option<Timestamp>, Fault> {
    raw.map(|r| short(r, Timestamp::read, ErrorKind::NotDate, field))
        .transpose()
}

impl<'de> Visitor<'de> for ImageSeed<'_, '_, 'de> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an image object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let (p, index) = (self.p, self.index);
        let mut s: Record<Span, Uuid, ()> = Record::new(Uuid::default(), ());
        let mut seen = 0u16;
        let mut links = Held::default();
        let mut server: Option<RawServer<'de>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(k) = KEYS.iter().position(|(known, _)| key.is(known)) else {
                let e = Fault::new(ErrorKind::UnknownField, Field::Image).at_image(index);
                return Err(p.unknown(&key, e));
            };
            let field = KEYS.get(k).map_or(Field::Image, |(_, f)| *f);
            if seen & (1 << k) != 0 {
                return Err(p.fail(Fault::new(ErrorKind::DuplicateField, field).at_image(index)));
            }
            seen |= 1 << k;
            p.at(Some(index), field, None);
            let stored: Result<(), Fault> = match field {
                Field::Id => {
                    let raw = map.next_value_seed(RawStr)?;
                    short(raw, Uuid::parse, ErrorKind::NotUuid, field).map(|id| s.id = id)
                }
                Field::Name => match map.next_value_seed(OptRawStr)? {
                    Some(raw) => p.store.text(raw, field).map(|span| s.name = Some(span)),
                    None => Ok(()),
                },
                Field::Status => {
                    let raw = map.next_value_seed(RawStr)?;
                    short(raw, Status::parse, ErrorKind::UnknownStatus, field).map(|v| s.status = v)
                }
                Field::Progress => {
                    let n = map.next_value_seed(U64)?;
                    validate::progress(n)
                        .map(|v| s.progress = v)
                        .map_err(Fault::from)
                }
                Field::MinDisk => {
                    s.min_disk = map.next_value_seed(U64)?;
                    Ok(())
                }
                Field::MinRam => {
                    s.min_ram = map.next_value_seed(U64)?;
                    Ok(())
                }
                Field::Created => {
                    date(map.next_value_seed(OptRawStr)?, field).map(|t| s.created = t)
                }
                Field::Updated => {
                    date(map.next_value_seed(OptRawStr)?, field).map(|t| s.updated = t)
                }
                Field::Metadata => {
                    map.next_value_seed(MetadataSeed {
                        p: &mut *p,
                        image: index,
                    })?;
                    Ok(())
                }
                Field::Links => {
                    let held = &mut links;
                    map.next_value_seed(LinksSeed {
                        p: &mut *p,
                        image: index,
                        held,
                    })?;
                    Ok(())
                }
                Field::Server => {
                    let raw = map.next_value_seed(ServerSeed {
                        p: &mut *p,
                        image: index,
                    })?;
                    s.server = Some(raw.id);
                    server = Some(raw);
                    Ok(())
                }
                Field::DiskConfig => {
                    let raw = map.next_value_seed(RawStr)?;
                    short(raw, DiskConfig::parse, ErrorKind::UnknownDiskConfig, field)
                        .map(|v| s.disk_config = Some(v))
                }
                _ => {
                    s.set_size(map.next_value_seed(OptU64)?);
                    p.store.turn_on_size_extension();
                    Ok(())
                }
            };
            stored.map_err(|e| p.fail(e.at_image(index)))?;
            p.at(Some(index), Field::Image, None);
        }
        if seen & REQUIRED != REQUIRED {
            let missing = KEYS
                .iter()
                .enumerate()
                .find(|(k, _)| seen & (1 << k) == 0)
                .map_or(Field::Image, |(_, (_, f))| *f);
            return Err(p.fail(Fault::new(ErrorKind::MissingField, missing).at_image(index)));
        }
        let mut finish = |p: &mut Parser<'_, 'de>| -> Result<usize, Fault> {
            let derived = links.settle(p, index, s.id)?;
            s.set_derived_links(derived);
            if let Some(server) = server {
                server.check(p, index)?;
            }
            p.store.commit(&s).map_err(|e| e.at_image(index))
        };
        finish(p).map_err(|e| p.fail(e))
    }
}
