//! The one error type for storing and parsing, and the one for rendering.

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
    /// A link's `href`.
    LinkHref = 15,
    /// A link's `rel`.
    LinkRel = 16,
    /// A link's `type`.
    LinkType = 17,
    /// `server` (its id or its links).
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
            ErrorKind::Syntax => "malformed JSON",
            ErrorKind::WrongType => "wrong JSON type",
            ErrorKind::MissingField => "missing",
            ErrorKind::DuplicateField => "appears twice",
            ErrorKind::UnknownField => "unknown key",
            ErrorKind::TooDeep => "nested too deeply",
            ErrorKind::InvalidEscape => "malformed string escape",
            ErrorKind::NotDerivable => "links that the endpoints do not produce",
            ErrorKind::NumberOutOfRange => "number out of range",
        }
    }
}

/// A refused value: what was wrong, in which field, of which image and entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Error {
    /// What was wrong.
    pub kind: ErrorKind,
    /// Which field.
    pub field: Field,
    /// Which image (its index in the list or document), when the field belongs to one.
    pub image: Option<u32>,
    /// Which metadata entry or link of that image, when the field belongs to one.
    pub entry: Option<u32>,
}

impl Error {
    #[doc(hidden)]
    pub const fn new(kind: ErrorKind, field: Field) -> Self {
        Error {
            kind,
            field,
            image: None,
            entry: None,
        }
    }

    #[doc(hidden)]
    pub const fn at_image(mut self, image: usize) -> Self {
        if self.image.is_none() {
            self.image = Some(clamp_u32(image));
        }
        self
    }

    #[doc(hidden)]
    pub const fn at_entry(mut self, entry: usize) -> Self {
        if self.entry.is_none() {
            self.entry = Some(clamp_u32(entry));
        }
        self
    }
}

const fn clamp_u32(n: usize) -> u32 {
    if n > u32::MAX as usize {
        u32::MAX
    } else {
        n as u32
    }
}

impl fmt::Display for Error {
    /// Renders as a path and a reason, e.g. `images[3].id: not a UUID`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entry_of = match self.field {
            Field::MetadataKey | Field::MetadataValue => Some("metadata"),
            Field::LinkHref | Field::LinkRel | Field::LinkType => Some("links"),
            _ => None,
        };
        match self.image {
            Some(i) if self.field == Field::Image => write!(f, "images[{i}]")?,
            Some(i) => write!(f, "images[{i}].")?,
            None => {}
        }
        match (entry_of, self.entry) {
            _ if self.field == Field::Image && self.image.is_some() => {}
            (Some(group), Some(j)) => write!(f, "{group}[{j}].{}", self.field.name())?,
            (None, Some(j)) => write!(f, "{}[{j}]", self.field.name())?,
            _ => f.write_str(self.field.name())?,
        }
        write!(f, ": {}", self.kind.description())
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
