//! The error for storing and parsing (and the keyless one the library passes on inside), and the
//! one for rendering.

use core::fmt;

/// Which value an [`Error`] is about.
///
/// The numeric values are part of the C ABI (`osimages_field`): never renumber them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
#[repr(u8)]
pub enum Field {
    /// The document as a whole (syntax, nesting, unknown shape).
    Document = 0,
    /// The `images` array (capacity).
    Images = 1,
    /// An image object as a whole (an unknown or repeated key, a missing one).
    Image = 2,
    /// `id`.
    Id = 3,
    /// `name`.
    Name = 4,
    /// `status`.
    Status = 5,
    /// `progress`.
    Progress = 6,
    /// `minDisk`.
    MinDisk = 7,
    /// `minRam`.
    MinRam = 8,
    /// `created`.
    Created = 9,
    /// `updated`.
    Updated = 10,
    /// `metadata` as a whole (capacity).
    Metadata = 11,
    /// A metadata key.
    MetadataKey = 12,
    /// A metadata value.
    MetadataValue = 13,
    /// `links` as a whole (capacity, shape).
    Links = 14,
    /// The `href` of one of the image's links.
    LinkHref = 15,
    /// The `rel` of one of the image's links.
    LinkRel = 16,
    /// The `type` of one of the image's links.
    LinkType = 17,
    /// `server` as a whole, or one of its links as a whole.
    Server = 18,
    /// `OS-DCF:diskConfig`.
    DiskConfig = 19,
    /// `OS-EXT-IMG-SIZE:size`.
    Size = 20,
    /// The compute endpoint the links are built from.
    ComputeEndpoint = 21,
    /// The image-service endpoint the alternate links are built from.
    ImageEndpoint = 22,
    /// The tenant the links are built from.
    Tenant = 23,
    /// `images_links` (the next link).
    NextLink = 24,
    /// `server.id`.
    ServerId = 25,
    /// The `href` of one of the server's links (`server.links[1].href`).
    ServerLinkHref = 26,
    /// The `rel` of one of the server's links.
    ServerLinkRel = 27,
    /// The `type` of one of the server's links.
    ServerLinkType = 28,
    /// The `href` of the next link (`images_links[0].href`).
    NextLinkHref = 29,
    /// The `rel` of the next link.
    NextLinkRel = 30,
}

impl Field {
    /// The name of the field as it appears in a document (or a short description).
    pub const fn name(self) -> &'static str {
        match self {
            Field::Document => "document",
            Field::Images => "images",
            Field::Image => "image",
            Field::Id => "id",
            Field::Name => "name",
            Field::Status => "status",
            Field::Progress => "progress",
            Field::MinDisk => "minDisk",
            Field::MinRam => "minRam",
            Field::Created => "created",
            Field::Updated => "updated",
            Field::Metadata => "metadata",
            Field::MetadataKey => "metadata key",
            Field::MetadataValue => "metadata value",
            Field::Links => "links",
            Field::LinkHref => "href",
            Field::LinkRel => "rel",
            Field::LinkType => "type",
            Field::Server => "server",
            Field::DiskConfig => "OS-DCF:diskConfig",
            Field::Size => "OS-EXT-IMG-SIZE:size",
            Field::ComputeEndpoint => "compute endpoint",
            Field::ImageEndpoint => "image endpoint",
            Field::Tenant => "tenant",
            Field::NextLink => "images_links",
            Field::ServerId => "server.id",
            Field::ServerLinkHref => "server link href",
            Field::ServerLinkRel => "server link rel",
            Field::ServerLinkType => "server link type",
            Field::NextLinkHref => "next link href",
            Field::NextLinkRel => "next link rel",
        }
    }
}

/// Why a value was refused.
///
/// The numeric values are part of the C ABI (`osimages_status`, which adds 100): never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
#[repr(u8)]
pub enum ErrorKind {
    /// Not a UUID in the form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    NotUuid = 1,
    /// Not a real UTC date in the form `YYYY-MM-DDTHH:MM:SSZ` (years 0001 to 9999).
    NotDate = 2,
    /// Not one of `ACTIVE`, `SAVING`, `DELETED`, `ERROR`, `UNKNOWN`.
    UnknownStatus = 3,
    /// Not one of `AUTO`, `MANUAL`.
    UnknownDiskConfig = 4,
    /// A progress above 100.
    ProgressAbove100 = 5,
    /// A character XML 1.0 cannot carry (U+0000..U+001F other than TAB, LF, CR; U+FFFE; U+FFFF).
    ForbiddenCharacter = 6,
    /// Bytes that are not UTF-8.
    InvalidUtf8 = 7,
    /// A metadata key that the image already has.
    DuplicateKey = 8,
    /// An image index that the list does not have.
    NoSuchImage = 9,
    /// More images than the list can hold.
    TooManyImages = 10,
    /// More metadata entries than the list can hold.
    TooManyMetadata = 11,
    /// More explicit links than the list can hold.
    TooManyLinks = 12,
    /// More text than the list's byte pool can hold.
    OutOfTextSpace = 13,
    /// Links (the image's own or its server's) built from endpoints the list does not have:
    /// set them first ([`crate::ImageList::set_endpoints`]).
    NoEndpoints = 14,
    /// A metadata key or link index that the image does not have.
    NoSuchEntry = 15,
    /// A link `type` that is not a media type: text, a `/`, text, on one line (what nova's
    /// schema, atom-link.rng, requires of it).
    NotMediaType = 16,
    /// The document is not well-formed JSON.
    Syntax = 20,
    /// A value of the wrong JSON type (a string where a number belongs, ...).
    WrongType = 21,
    /// A required key is missing.
    MissingField = 22,
    /// A key appears twice in one object.
    DuplicateField = 23,
    /// A key this document shape does not have.
    UnknownField = 24,
    /// Nesting deeper than any image document has.
    TooDeep = 25,
    /// A malformed escape (`\x`, a lone surrogate, a raw control character in a string).
    InvalidEscape = 26,
    /// Server links that the list's endpoints do not produce.
    NotDerivable = 27,
    /// A number out of the range the field allows.
    NumberOutOfRange = 28,
    /// A pagination link (`images_links`) whose `rel` is not `next`.
    NotNextLink = 29,
}

impl ErrorKind {
    /// A short description, for logs and `Display`.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorKind::NotUuid => "not a UUID",
            ErrorKind::NotDate => "not a UTC date of the form YYYY-MM-DDTHH:MM:SSZ",
            ErrorKind::UnknownStatus => "not ACTIVE, SAVING, DELETED, ERROR or UNKNOWN",
            ErrorKind::UnknownDiskConfig => "not AUTO or MANUAL",
            ErrorKind::ProgressAbove100 => "progress above 100",
            ErrorKind::ForbiddenCharacter => "a character XML 1.0 cannot carry",
            ErrorKind::InvalidUtf8 => "not UTF-8",
            ErrorKind::DuplicateKey => "duplicate metadata key",
            ErrorKind::NoSuchImage => "no such image",
            ErrorKind::TooManyImages => "more images than the list holds",
            ErrorKind::TooManyMetadata => "more metadata entries than the list holds",
            ErrorKind::TooManyLinks => "more links than the list holds",
            ErrorKind::OutOfTextSpace => "more text than the list holds",
            ErrorKind::NoEndpoints => "links built from endpoints the list does not have",
            ErrorKind::NoSuchEntry => "no such entry",
            ErrorKind::NotMediaType => "not a media type (type/subtype, on one line)",
            ErrorKind::Syntax => "malformed JSON",
            ErrorKind::WrongType => "wrong JSON type",
            ErrorKind::MissingField => "missing",
            ErrorKind::DuplicateField => "appears twice",
            ErrorKind::UnknownField => "unknown key",
            ErrorKind::TooDeep => "nested too deeply",
            ErrorKind::InvalidEscape => "malformed string escape",
            ErrorKind::NotDerivable => "links that the endpoints do not produce",
            ErrorKind::NumberOutOfRange => "number out of range",
            ErrorKind::NotNextLink => "a pagination link other than rel \"next\"",
        }
    }
}

/// A refused value: what was wrong, in which field, of which image and entry.
///
/// `Display` writes the position as the document spells it and the reason, e.g.
/// `images[3].id: not a UUID`, `images[0].metadata[2].value: a character XML 1.0 cannot
/// carry`, `document: unknown key "imagez"`, `images[7]: more images than the list holds (8
/// images needed)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct Error {
    /// What was wrong.
    pub kind: ErrorKind,
    /// Which field.
    pub field: Field,
    /// Which image, when the field belongs to one: its index in the document for a parse (the
    /// first image of the document is 0, whatever the list held before), in the list or view
    /// otherwise.
    pub image: Option<u32>,
    /// Which metadata entry or link of that image (of its server's links, or of `images_links`,
    /// as `field` says), when the field belongs to one.
    pub entry: Option<u32>,
    /// For a capacity refusal (`TooManyImages`, `TooManyMetadata`, `TooManyLinks`,
    /// `OutOfTextSpace`): the capacity the list would need in all to take the value or the whole
    /// document (images, metadata entries, links or bytes of text, as `kind` says), as
    /// [`BufferTooSmall::needed`] does for rendering. `None` when it cannot be known (a document
    /// that fails for another reason after the capacity ran out).
    pub needed: Option<usize>,
    /// The key an `UnknownField` error is about (see [`Error::key`]).
    key: Key,
    /// Whether `image` is the image of a show document (`image.id`, not `images[0].id`).
    shown: bool,
}

/// The start of an unknown key, for the error about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub(crate) struct Key {
    bytes: [u8; Key::MAX],
    len: u8,
    /// The key was longer than `MAX` bytes: `bytes` holds its start.
    cut: bool,
    /// There is a key (which may be the empty one, `""`).
    named: bool,
}

impl Key {
    const MAX: usize = 40;
    pub(crate) const NONE: Key = Key {
        bytes: [0; Key::MAX],
        len: 0,
        cut: false,
        named: false,
    };

    /// `key`'s start, in whole characters (`cut` when it is only that, or was already).
    pub(crate) fn of(key: &str, cut: bool) -> Key {
        let mut k = Key::NONE;
        let mut end = key.len().min(Key::MAX);
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        if let (Some(dst), Some(src)) = (k.bytes.get_mut(..end), key.as_bytes().get(..end)) {
            crate::bytes::copy(dst, src);
            k.len = end as u8;
        }
        k.cut = cut || end < key.len();
        k.named = true;
        k
    }

    fn as_str(&self) -> &str {
        let b = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        core::str::from_utf8(b).unwrap_or("")
    }
}

/// An [`Error`] without its key: what the library's own functions return and pass on. Every
/// frame on the way holds the `Result` it returns, and the key was most of an [`Error`]'s
/// bytes; the parse keeps the one key it may need apart ([`Fault::with_key`]), and the public
/// functions make the [`Error`] (`From`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) kind: ErrorKind,
    pub(crate) field: Field,
    image: Option<u32>,
    entry: Option<u32>,
    pub(crate) needed: Option<usize>,
    shown: bool,
}

impl Fault {
    /// A refusal of `kind` in `field`, at no particular image or entry.
    pub(crate) const fn new(kind: ErrorKind, field: Field) -> Self {
        Fault {
            kind,
            field,
            image: None,
            entry: None,
            needed: None,
            shown: false,
        }
    }

    /// The same fault at image `image` (unless it already names one).
    pub(crate) const fn at_image(mut self, image: usize) -> Self {
        if self.image.is_none() {
            self.image = Some(clamp_u32(image));
        }
        self
    }

    /// The same fault at metadata entry or link `entry` (unless it already names one).
    pub(crate) const fn at_entry(mut self, entry: usize) -> Self {
        if self.entry.is_none() {
            self.entry = Some(clamp_u32(entry));
        }
        self
    }

    /// The same capacity fault, saying how much the list would need in all.
    pub(crate) const fn needing(mut self, needed: usize) -> Self {
        self.needed = Some(needed);
        self
    }

    /// The image is the one of a show document.
    pub(crate) const fn in_show(mut self) -> Self {
        if self.image.is_some() {
            self.shown = true;
        }
        self
    }

    /// The error, naming `key` when the fault is about an unknown one.
    pub(crate) const fn with_key(self, key: Key) -> Error {
        Error {
            kind: self.kind,
            field: self.field,
            image: self.image,
            entry: self.entry,
            needed: self.needed,
            key,
            shown: self.shown,
        }
    }

    const fn of(e: &Error) -> Self {
        Fault {
            kind: e.kind,
            field: e.field,
            image: e.image,
            entry: e.entry,
            needed: e.needed,
            shown: e.shown,
        }
    }
}

impl From<Fault> for Error {
    fn from(f: Fault) -> Self {
        f.with_key(Key::NONE)
    }
}

impl Error {
    /// A refusal of `kind` in `field`, at no particular image or entry.
    pub const fn new(kind: ErrorKind, field: Field) -> Self {
        Fault::new(kind, field).with_key(Key::NONE)
    }

    /// The same error at image `image` (unless it already names one).
    pub const fn at_image(self, image: usize) -> Self {
        Fault::of(&self).at_image(image).with_key(self.key)
    }

    /// The same error at metadata entry or link `entry` (unless it already names one).
    pub const fn at_entry(self, entry: usize) -> Self {
        Fault::of(&self).at_entry(entry).with_key(self.key)
    }

    /// The key an `UnknownField` error is about, when the parser could name it (at most its
    /// first 40 bytes).
    pub fn key(&self) -> Option<&str> {
        (self.kind == ErrorKind::UnknownField && self.key.named).then(|| self.key.as_str())
    }

    /// Whether [`Error::key`] is only the start of a longer key (`Display` then adds `...`).
    pub fn key_is_cut(&self) -> bool {
        self.key().is_some() && self.key.cut
    }
}

const fn clamp_u32(n: usize) -> u32 {
    if n > u32::MAX as usize {
        u32::MAX
    } else {
        n as u32
    }
}

impl Field {
    /// The field's name inside a metadata entry or a link (`key`, `value`, `href`, ...), and the
    /// group it belongs to.
    const fn in_entry(self) -> Option<(&'static str, &'static str)> {
        match self {
            Field::MetadataKey => Some(("metadata", "key")),
            Field::MetadataValue => Some(("metadata", "value")),
            Field::LinkHref => Some(("links", "href")),
            Field::LinkRel => Some(("links", "rel")),
            Field::LinkType => Some(("links", "type")),
            Field::ServerLinkHref => Some(("server.links", "href")),
            Field::ServerLinkRel => Some(("server.links", "rel")),
            Field::ServerLinkType => Some(("server.links", "type")),
            Field::NextLinkHref => Some(("images_links", "href")),
            Field::NextLinkRel => Some(("images_links", "rel")),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    /// Renders as a path and a reason, e.g. `images[3].id: not a UUID`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The image as the document spells it; a field that is the image (or the images) as a
        // whole adds nothing to it.
        let whole_image = matches!(self.field, Field::Image | Field::Images);
        match self.image {
            Some(_) if self.shown && whole_image => f.write_str("image")?,
            Some(_) if self.shown => f.write_str("image.")?,
            Some(i) if whole_image => write!(f, "images[{i}]")?,
            Some(i) => write!(f, "images[{i}].")?,
            None => {}
        }
        match (self.field.in_entry(), self.entry) {
            _ if whole_image && self.image.is_some() => {}
            (Some((group, name)), Some(j)) => write!(f, "{group}[{j}].{name}")?,
            (None, Some(j)) if self.field == Field::Server => write!(f, "server.links[{j}]")?,
            (None, Some(j)) => write!(f, "{}[{j}]", self.field.name())?,
            _ => f.write_str(self.field.name())?,
        }
        write!(f, ": {}", self.kind.description())?;
        if let Some(key) = self.key() {
            let more = if self.key.cut { "..." } else { "" };
            write!(f, " \"{}{more}\"", key.escape_debug())?;
        }
        if let Some(n) = self.needed {
            let unit = match self.kind {
                ErrorKind::TooManyImages => "images",
                ErrorKind::TooManyMetadata => "metadata entries",
                ErrorKind::TooManyLinks => "links",
                _ => "bytes of text",
            };
            write!(f, " ({n} {unit} needed)")?;
        }
        Ok(())
    }
}

impl core::error::Error for Error {}

/// The buffer was too small; nothing that could pass for a document was left in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BufferTooSmall {
    /// The exact length the whole document needs.
    pub needed: usize,
}

impl fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "buffer too small: the document needs {} bytes",
            self.needed
        )
    }
}

impl core::error::Error for BufferTooSmall {}
