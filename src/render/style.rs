//! The five styles as types. Rendering with one of these (`doc.render(buf, style::JsonCompact)`)
//! compiles and links only that style; the run-time [`crate::Style`] dispatches to them all.

use super::describe::{Facts, Layout};
use super::plan::{Plan, PlanRef};
use super::run::{Order, key_order};
use super::{Format, IntoFormat, Style};

/// What a style is made of: its syntax's constants and its compiled plans.
pub(crate) trait Kind {
    /// What a null is written as.
    const NULL: &'static [u8];
    /// The order of metadata entries (pretty JSON: by key), else the caller's.
    const ORDER: Option<Order>;
    /// Detailed images have one plan per [`Layout`] (nova), else `Image` serves them all.
    const LAYOUTS: bool;
    /// The show document's image has a plan of its own (`Show`), else it is `Image`'s.
    const SHOW: bool;
    type Prologue: Plan;
    type Epilogue: Plan;
    type Summary: Plan;
    type Image: Plan;
    type DiskConfigImage: Plan;
    type SizeImage: Plan;
    type ServerImage: Plan;
    type Show: Plan;
    /// The same as data, one table per document, each holding only the plans that document
    /// writes: a firmware that renders one document links only its plans.
    const DETAIL_TABLES: Tables = Tables::new::<Self>(Self::DETAIL_IMAGES);
    const SUMMARY_TABLES: Tables = Tables::new::<Self>(Self::SUMMARY_IMAGES);
    const SHOW_TABLES: Tables = Tables::new::<Self>(Self::SHOW_IMAGES);
    /// The image plans of each document.
    const DETAIL_IMAGES: &'static [PlanRef] = if Self::LAYOUTS {
        &[
            PlanRef::of::<Self::Image>(),
            PlanRef::of::<Self::DiskConfigImage>(),
            PlanRef::of::<Self::SizeImage>(),
            PlanRef::of::<Self::ServerImage>(),
        ]
    } else {
        &[PlanRef::of::<Self::Image>()]
    };
    const SUMMARY_IMAGES: &'static [PlanRef] = &[PlanRef::of::<Self::Summary>()];
    const SHOW_IMAGES: &'static [PlanRef] = if Self::SHOW {
        &[PlanRef::of::<Self::Show>()]
    } else {
        Self::DETAIL_IMAGES
    };
}

/// A style's document as data ([`Kind`]'s constants and the document's plans): what the renderer
/// that walks plans reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tables {
    pub(crate) null: &'static [u8],
    pub(crate) order: Option<Order>,
    pub(crate) prologue: PlanRef,
    pub(crate) epilogue: PlanRef,
    /// The image's plan: one per [`Layout`] (in its order) where the style has them, else one.
    images: &'static [PlanRef],
}

impl Tables {
    const fn new<K: Kind + ?Sized>(images: &'static [PlanRef]) -> Tables {
        assert!(!images.is_empty());
        Tables {
            null: K::NULL,
            order: K::ORDER,
            prologue: PlanRef::of::<K::Prologue>(),
            epilogue: PlanRef::of::<K::Epilogue>(),
            images,
        }
    }

    /// The plan of an image with these facts.
    #[inline]
    pub(crate) fn image(&'static self, facts: Facts) -> &'static PlanRef {
        let images = self.images;
        match images.get(Layout::of(facts) as usize) {
            Some(p) => p,
            // The epilogue never: `Tables::new` refuses a document without an image plan. (Not a
            // plan of no steps: that would be 24 more bytes of flash.)
            None => images.first().unwrap_or(&self.epilogue),
        }
    }
}

/// The renderer that walks plans at run time (the small build's, the pull cursor's), one for
/// every style: it reads the style's [`Tables`], so its own constants and plans are never used.
pub(crate) struct Any;

impl Kind for Any {
    const NULL: &'static [u8] = b"";
    const ORDER: Option<Order> = None;
    const LAYOUTS: bool = false;
    const SHOW: bool = false;
    type Prologue = super::plan::NoPlan;
    type Epilogue = super::plan::NoPlan;
    type Summary = super::plan::NoPlan;
    type Image = super::plan::NoPlan;
    type DiskConfigImage = super::plan::NoPlan;
    type SizeImage = super::plan::NoPlan;
    type ServerImage = super::plan::NoPlan;
    type Show = super::plan::NoPlan;
}

/// The plans of every style (private: only [`Kind`] names them).
mod compiled {
    use super::super::describe::Layout;
    use super::super::plan::plans;
    use super::super::{json, xml};

    plans! {
    compact {
        CompactPrologue = json::prologue(&json::COMPACT);
        CompactEpilogue = json::epilogue(&json::COMPACT);
        CompactImage = json::image(&json::COMPACT, Layout::Plain, false);
        CompactSummary = json::summary(&json::COMPACT);
    }
    pretty {
        PrettyPrologue = json::prologue(&json::PRETTY);
        PrettyEpilogue = json::epilogue(&json::PRETTY);
        PrettyImage = json::image(&json::PRETTY, Layout::Plain, false);
        PrettyShow = json::image(&json::PRETTY, Layout::Plain, true);
        PrettySummary = json::summary(&json::PRETTY);
    }
    nova {
        NovaPrologue = json::prologue(&json::NOVA);
        NovaEpilogue = json::epilogue(&json::NOVA);
        NovaImage = json::image(&json::NOVA, Layout::Plain, false);
        NovaDiskConfigImage = json::image(&json::NOVA, Layout::DiskConfig, false);
        NovaSizeImage = json::image(&json::NOVA, Layout::Size, false);
        NovaServerImage = json::image(&json::NOVA, Layout::Server, false);
        NovaSummary = json::summary(&json::NOVA);
    }
    wire {
        WirePrologue = xml::prologue(&xml::WIRE);
        WireEpilogue = xml::epilogue(&xml::WIRE);
        WireImage = xml::image(&xml::WIRE, false);
        WireShow = xml::image(&xml::WIRE, true);
        WireSummary = xml::summary(&xml::WIRE);
    }
    xml_pretty {
        XmlPrettyPrologue = xml::prologue(&xml::PRETTY);
        XmlPrettyEpilogue = xml::epilogue(&xml::PRETTY);
        XmlPrettyImage = xml::image(&xml::PRETTY, false);
        XmlPrettyShow = xml::image(&xml::PRETTY, true);
        XmlPrettySummary = xml::summary(&xml::PRETTY);
    }
    }
}
use compiled::*;

/// Declares a style type and what it is made of.
macro_rules! style {
    (
        $(#[$doc:meta])* $name:ident = $style:ident, null $null:literal,
        sorted $sorted:literal, layouts $layouts:literal, show $own_show:literal,
        $prologue:ident $epilogue:ident $summary:ident
        image $image:ident $disk:ident $size:ident $server:ident, show $show:ident $(,)?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;

        impl $name {
            /// The same style with `ascii_only` on (JSON: every non-ASCII character as
            /// `\uXXXX`; XML ignores it).
            pub const fn ascii_only(self) -> AsciiOnly<$name> {
                AsciiOnly(self)
            }
        }

        impl Kind for $name {
            const NULL: &'static [u8] = $null;
            const ORDER: Option<Order> = if $sorted { Some(key_order) } else { None };
            const LAYOUTS: bool = $layouts;
            const SHOW: bool = $own_show;
            type Prologue = $prologue;
            type Epilogue = $epilogue;
            type Summary = $summary;
            type Image = $image;
            type DiskConfigImage = $disk;
            type SizeImage = $size;
            type ServerImage = $server;
            type Show = $show;
        }

        impl super::Sealed for $name {}
        impl IntoFormat for $name {
            const FIXED: Option<Style> = Some(Style::$style);
            const ESCAPES: u8 = if Style::$style.is_xml() {
                crate::text::escapes::XML
            } else {
                crate::text::escapes::JSON
            };
            fn format(self) -> Format {
                Style::$style.into()
            }
        }
    };
}

style!(
    /// JSON without whitespace, keys in code-point order ([`Style::JsonCompact`]).
    JsonCompact = JsonCompact, null b"null", sorted false, layouts false, show false,
    CompactPrologue CompactEpilogue CompactSummary
    image CompactImage CompactImage CompactImage CompactImage, show CompactImage,
);

style!(
    /// JSON as Python's `json.dumps(doc, indent=4, sort_keys=True)` writes it
    /// ([`Style::JsonPretty`]).
    JsonPretty = JsonPretty, null b"null", sorted true, layouts false, show true,
    PrettyPrologue PrettyEpilogue PrettySummary
    image PrettyImage PrettyImage PrettyImage PrettyImage, show PrettyShow,
);

style!(
    /// JSON as nova put it on the wire ([`Style::JsonNova`]).
    JsonNova = JsonNova, null b"null", sorted false, layouts true, show false,
    NovaPrologue NovaEpilogue NovaSummary
    image NovaImage NovaDiskConfigImage NovaSizeImage NovaServerImage, show NovaImage,
);

style!(
    /// XML as nova put it on the wire ([`Style::XmlWire`]).
    XmlWire = XmlWire, null b"None", sorted false, layouts false, show true,
    WirePrologue WireEpilogue WireSummary
    image WireImage WireImage WireImage WireImage, show WireShow,
);

style!(
    /// XML indented by two spaces, one element per line ([`Style::XmlPretty`]).
    XmlPretty = XmlPretty, null b"None", sorted false, layouts false, show true,
    XmlPrettyPrologue XmlPrettyEpilogue XmlPrettySummary
    image XmlPrettyImage XmlPrettyImage XmlPrettyImage XmlPrettyImage, show XmlPrettyShow,
);

/// A style type with `ascii_only` on: see [`JsonCompact::ascii_only`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AsciiOnly<S>(pub S);

impl<S: IntoFormat> super::Sealed for AsciiOnly<S> {}
impl<S: IntoFormat> IntoFormat for AsciiOnly<S> {
    const FIXED: Option<Style> = S::FIXED;
    const ESCAPES: u8 = match S::ESCAPES {
        crate::text::escapes::JSON => crate::text::escapes::JSON_ASCII,
        other => other,
    };
    fn format(self) -> Format {
        Format {
            ascii_only: true,
            ..self.0.format()
        }
    }
}
