//! What the JSON parser stores through: strings unescaped straight into the byte pool, the
//! pending image's metadata and links appended at the ends of their pools, then one commit.
//! Object-safe, so the parser is compiled once for every list capacity.

use super::{
    HAS_DISK_CONFIG, HAS_SIZE, ImageList, LEN_BITS, LEN_MASK, LinkRecord, MANUAL, Mark, MetaRecord,
    NO_SERVER, Record, Span,
};
use crate::error::{Error, ErrorKind, Field};
use crate::model::{DiskConfig, Endpoints, Status};
use crate::parse::unescape::{Piece, Unescape};
use crate::{Timestamp, Uuid, validate};

/// The lengths of the endpoints found in a derived image's links.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EndpointSplit {
    pub(crate) compute: usize,
    pub(crate) tenant: usize,
    pub(crate) image_service: usize,
}

/// The scalar fields of a parsed image.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scalars {
    pub(crate) id: Uuid,
    pub(crate) name: Span,
    pub(crate) status: Status,
    pub(crate) progress: u8,
    pub(crate) min_disk: u64,
    pub(crate) min_ram: u64,
    pub(crate) created: Option<Timestamp>,
    pub(crate) updated: Option<Timestamp>,
    pub(crate) server: Option<Uuid>,
    pub(crate) disk_config: Option<DiskConfig>,
    pub(crate) size: Option<u64>,
}

pub(crate) trait Store {
    fn mark(&self) -> Mark;
    fn rewind(&mut self, mark: Mark);
    /// Unescapes a raw JSON string into the pool and checks it as `field`.
    fn append_json(&mut self, raw: &str, field: Field) -> Result<Span, Error>;
    fn span_bytes(&self, span: Span) -> &[u8];
    fn current_endpoints(&self) -> Endpoints<'_>;
    fn endpoints_unset(&self) -> bool;
    /// Keeps, of an unescaped self href at `versioned` and alternate href at `alternate` (the
    /// last strings in the pool), only the endpoints `split` finds in them.
    fn keep_endpoints(
        &mut self,
        versioned: Span,
        alternate: Span,
        split: EndpointSplit,
    ) -> Result<(), Error>;
    /// Appends a metadata entry to the image being parsed; returns its entry index.
    fn pending_meta(&mut self, key: Span, value: Span) -> Result<usize, Error>;
    fn pending_link(&mut self, href: Span, rel: Span, media_type: Span) -> Result<(), Error>;
    fn pending_links(&self) -> usize;
    /// Stores the image being parsed; returns its index.
    fn commit(&mut self, s: &Scalars) -> Result<usize, Error>;
    fn set_next_link_span(&mut self, span: Span);
    fn turn_on_size_extension(&mut self);
    fn image_count(&self) -> usize;
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> ImageList<I, M, L, B> {
    fn pending_meta_start(&self) -> usize {
        self.images.last().map_or(0, |r| r.meta_end as usize)
    }
    fn pending_links_start(&self) -> usize {
        self.images.last().map_or(0, |r| r.links_end as usize)
    }
    fn out_of_text(&self) -> Error {
        Error::new(ErrorKind::OutOfTextSpace, Field::Document)
    }
}

impl<const I: usize, const M: usize, const L: usize, const B: usize> Store
    for ImageList<I, M, L, B>
{
    fn mark(&self) -> Mark {
        Mark {
            images: self.images.len(),
            meta: self.meta.len(),
            links: self.links.len(),
            bytes: self.bytes.len(),
            endpoints: [self.compute, self.image_service, self.tenant],
            next_link: self.next_link,
            size_extension: self.size_extension,
        }
    }

    fn rewind(&mut self, m: Mark) {
        self.images.truncate(m.images);
        self.meta.truncate(m.meta);
        self.links.truncate(m.links);
        self.bytes.truncate(m.bytes);
        [self.compute, self.image_service, self.tenant] = m.endpoints;
        self.next_link = m.next_link;
        self.size_extension = m.size_extension;
    }

    fn append_json(&mut self, raw: &str, field: Field) -> Result<Span, Error> {
        let start = self.bytes.len();
        let mut buf = [0u8; 4];
        for piece in Unescape::new(raw) {
            let bytes = match piece {
                Ok(Piece::Run(s)) => s.as_bytes(),
                Ok(Piece::Char(c)) => c.encode_utf8(&mut buf).as_bytes(),
                Err(_) => {
                    self.bytes.truncate(start);
                    return Err(Error::new(ErrorKind::InvalidEscape, field));
                }
            };
            if self.bytes.extend_from_slice(bytes).is_err() {
                self.bytes.truncate(start);
                return Err(Error {
                    field,
                    ..self.out_of_text()
                });
            }
        }
        let len = self.bytes.len() - start;
        let checked = core::str::from_utf8(self.bytes.get(start..).unwrap_or(&[]))
            .map_err(|_| Error::new(ErrorKind::InvalidUtf8, field))
            .and_then(|s| validate::text(s, field));
        match checked {
            Ok(class) if len <= LEN_MASK as usize && start <= u32::MAX as usize => Ok(Span {
                start: start as u32,
                bits: len as u32 | u32::from(class) << LEN_BITS,
            }),
            Ok(_) => {
                self.bytes.truncate(start);
                Err(Error {
                    field,
                    ..self.out_of_text()
                })
            }
            Err(e) => {
                self.bytes.truncate(start);
                Err(e)
            }
        }
    }

    fn span_bytes(&self, span: Span) -> &[u8] {
        let start = span.start as usize;
        self.bytes.get(start..start + span.len()).unwrap_or(&[])
    }

    fn current_endpoints(&self) -> Endpoints<'_> {
        self.endpoints()
    }

    fn endpoints_unset(&self) -> bool {
        self.compute.len() == 0 && self.image_service.len() == 0 && self.tenant.len() == 0
    }

    fn keep_endpoints(
        &mut self,
        versioned: Span,
        alternate: Span,
        split: EndpointSplit,
    ) -> Result<(), Error> {
        // Compute starts the self href; the tenant follows its "/v2/"; the image service starts
        // the alternate href. Move tenant, then image service, down behind compute (each move
        // goes left and reads bytes no earlier move wrote), then drop the rest.
        let at = versioned.start as usize;
        let (c, t, i) = (split.compute, split.tenant, split.image_service);
        self.bytes.copy_within(at + c + 4..at + c + 4 + t, at + c);
        let alt = alternate.start as usize;
        self.bytes.copy_within(alt..alt + i, at + c + t);
        self.bytes.truncate(at + c + t + i);
        let span = |store: &Self, start: usize, len: usize, field| -> Result<Span, Error> {
            let s = core::str::from_utf8(store.bytes.get(start..start + len).unwrap_or(&[]))
                .map_err(|_| Error::new(ErrorKind::InvalidUtf8, field))?;
            let class = validate::text(s, field)?;
            Ok(Span {
                start: start as u32,
                bits: len as u32 | u32::from(class) << LEN_BITS,
            })
        };
        self.compute = span(self, at, c, Field::ComputeEndpoint)?;
        self.tenant = span(self, at + c, t, Field::Tenant)?;
        self.image_service = span(self, at + c + t, i, Field::ImageEndpoint)?;
        Ok(())
    }

    fn pending_meta(&mut self, key: Span, value: Span) -> Result<usize, Error> {
        let start = self.pending_meta_start();
        let entry = self.meta.len() - start;
        let new_key = self.span_bytes(key);
        let pending = self.meta.get(start..).unwrap_or(&[]);
        if pending.iter().any(|m| self.span_bytes(m.key) == new_key) {
            return Err(Error::new(ErrorKind::DuplicateKey, Field::MetadataKey).at_entry(entry));
        }
        self.meta
            .push(MetaRecord { key, value })
            .map_err(|_| Error::new(ErrorKind::TooManyMetadata, Field::Metadata).at_entry(entry))?;
        Ok(entry)
    }

    fn pending_link(&mut self, href: Span, rel: Span, media_type: Span) -> Result<(), Error> {
        let entry = self.pending_links();
        self.links
            .push(LinkRecord {
                href,
                rel,
                media_type,
            })
            .map_err(|_| Error::new(ErrorKind::TooManyLinks, Field::Links).at_entry(entry))
    }

    fn pending_links(&self) -> usize {
        self.links.len() - self.pending_links_start()
    }

    fn commit(&mut self, s: &Scalars) -> Result<usize, Error> {
        let index = self.images.len();
        if index >= I {
            return Err(Error::new(ErrorKind::TooManyImages, Field::Images).at_image(index));
        }
        let server = match s.server {
            Some(id) => {
                let at = self.bytes.len();
                if at > u32::MAX as usize - 16 || self.bytes.extend_from_slice(&id.0).is_err() {
                    return Err(
                        Error::new(ErrorKind::OutOfTextSpace, Field::Server).at_image(index)
                    );
                }
                at as u32
            }
            None => NO_SERVER,
        };
        let mut flags = 0;
        if s.size.is_some() {
            flags |= HAS_SIZE;
        }
        match s.disk_config {
            Some(DiskConfig::Auto) => flags |= HAS_DISK_CONFIG,
            Some(DiskConfig::Manual) => flags |= HAS_DISK_CONFIG | MANUAL,
            None => {}
        }
        let record = Record {
            id: s.id,
            min_disk: s.min_disk,
            min_ram: s.min_ram,
            size: s.size.unwrap_or(0),
            name: s.name,
            created: s.created,
            updated: s.updated,
            server,
            meta_end: self.meta.len() as u32,
            links_end: self.links.len() as u32,
            status: s.status,
            progress: s.progress,
            flags,
        };
        self.images
            .push(record)
            .map_err(|_| Error::new(ErrorKind::TooManyImages, Field::Images).at_image(index))?;
        Ok(index)
    }

    fn set_next_link_span(&mut self, span: Span) {
        self.next_link = span;
    }

    fn turn_on_size_extension(&mut self) {
        self.size_extension = true;
    }

    fn image_count(&self) -> usize {
        self.images.len()
    }
}
