//! The styles built into this library, and the one place where a C style code becomes a style
//! chosen at compile time.
//!
//! Every render from C (one-shot, cursor, push) runs through [`dispatch`]: the style code picks
//! a [`osimages::style`] type, so the library holds the code of the styles its cargo features
//! name (`json-compact`, `json-pretty`, `json-nova`, `xml-wire`, `xml-pretty`; all five by
//! default) and nothing of the others, whose codes are refused with
//! `OSIMAGES_STATUS_STYLE_NOT_BUILT`. A firmware that renders compact JSON only builds the archive
//! with `OSIMAGES_STYLES=json-compact` (read by the repository's C library build script).

#[cfg(not(any(
    feature = "json-compact",
    feature = "json-pretty",
    feature = "json-nova",
    feature = "xml-wire",
    feature = "xml-pretty"
)))]
compile_error!(
    "osimages-capi renders nothing without a style: enable at least one of the features \
     json-compact, json-pretty, json-nova, xml-wire, xml-pretty"
);

use super::status::osimages_error;
use super::status::osimages_status::OSIMAGES_STATUS_STYLE_NOT_BUILT;
use osimages::style;
use osimages::{Format, IntoFormat, Style};

/// Work done with a style type: one render, whatever its sink. (A trait, because a closure
/// cannot be generic over the style.)
pub(crate) trait Job {
    type Output;
    fn run<F: IntoFormat>(self, format: F) -> Self::Output;
}

/// Runs `job` with the style type of `format` (its `ascii_only` kept), or refuses a style this
/// library was built without as `OSIMAGES_STATUS_STYLE_NOT_BUILT` of `argument`.
#[inline]
pub(crate) fn dispatch<J: Job>(
    format: Format,
    argument: u32,
    job: J,
) -> Result<J::Output, osimages_error> {
    /// One arm per style, present only when its feature is on.
    macro_rules! arms {
        ($($feature:literal => $style:ident),* $(,)?) => {
            match format.style {
                $(
                    #[cfg(feature = $feature)]
                    Style::$style => Ok(if format.ascii_only {
                        job.run(style::$style.ascii_only())
                    } else {
                        job.run(style::$style)
                    }),
                )*
                #[allow(unreachable_patterns)] // every style built
                _ => {
                    let _ = job;
                    Err(osimages_error::arg(OSIMAGES_STATUS_STYLE_NOT_BUILT, argument))
                }
            }
        };
    }
    arms! {
        "json-compact" => JsonCompact,
        "json-pretty" => JsonPretty,
        "json-nova" => JsonNova,
        "xml-wire" => XmlWire,
        "xml-pretty" => XmlPretty,
    }
}

/// Refuses a style this library was built without (what [`dispatch`] would refuse).
pub(crate) fn check(format: Format, argument: u32) -> Result<(), osimages_error> {
    /// Nothing to do: only whether the style is built.
    struct Built;
    impl Job for Built {
        type Output = ();
        fn run<F: IntoFormat>(self, _: F) {}
    }
    dispatch(format, argument, Built)
}
