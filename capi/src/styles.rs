//! The styles built into this library, and the one place where a C style code becomes a style
//! chosen at compile time.
//!
//! Every render from C (one-shot, cursor, push) runs through a [`Choice`]: [`AnyBuilt`], for
//! the functions that take an `OSIMAGES_STYLE_*` code, picks a [`osimages::style`] type at run
//! time ([`dispatch`]), so it links every style this library was built with; [`Only`], for a
//! style's own entry points (`osimages_view_render_json_compact`, ...: `own.rs`), names one at
//! compile time, so a firmware that calls only those links only that style (`--gc-sections`
//! drops the rest). The library holds the code of the styles its cargo features name
//! (`json-compact`, `json-pretty`, `json-nova`, `xml-wire`, `xml-pretty`; all five by default)
//! and nothing of the others, which are refused with `OSIMAGES_STATUS_STYLE_NOT_BUILT`
//! ([`NotBuilt`] for their entry points). A firmware that renders compact JSON only can also
//! build the archive with `OSIMAGES_STYLES=json-compact` (read by the repository's C library
//! build script).

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

use core::ffi::c_int;
use core::marker::PhantomData;

use super::render::{Render, Request};
use super::status::Fault;
use super::status::osimages_status::OSIMAGES_STATUS_STYLE_NOT_BUILT;
use super::write::{Push, WriteFn};
use osimages::style::{self, AsciiOnly};
use osimages::{BufferTooSmall, Document, Format, IntoFormat, Source, Style};

/// Work done with a style type: one render, whatever its sink. (A trait, because a closure
/// cannot be generic over the style.)
pub(crate) trait Job {
    type Output;
    fn run<F: IntoFormat>(self, format: F) -> Self::Output;
}

/// Runs `job` with the style type `S`, `ascii_only` or not.
#[inline]
fn run_as<S: IntoFormat + Default, J: Job>(ascii_only: bool, job: J) -> J::Output {
    if ascii_only {
        job.run(AsciiOnly(S::default()))
    } else {
        job.run(S::default())
    }
}

/// Runs `job` with the style type of `format` (its `ascii_only` kept), or refuses a style this
/// library was built without as `OSIMAGES_STATUS_STYLE_NOT_BUILT` of `argument`.
#[inline]
pub(crate) fn dispatch<J: Job>(format: Format, argument: u32, job: J) -> Result<J::Output, Fault> {
    /// One arm per style, present only when its feature is on.
    macro_rules! arms {
        ($($feature:literal => $style:ident),* $(,)?) => {
            match format.style {
                $(
                    #[cfg(feature = $feature)]
                    Style::$style => Ok(run_as::<style::$style, J>(format.ascii_only, job)),
                )*
                #[allow(unreachable_patterns)] // every style built
                _ => {
                    let _ = job;
                    Err(Fault::arg(OSIMAGES_STATUS_STYLE_NOT_BUILT, argument))
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
pub(crate) fn check(format: Format, argument: u32) -> Result<(), Fault> {
    /// Nothing to do: only whether the style is built.
    struct Built;
    impl Job for Built {
        type Output = ();
        fn run<F: IntoFormat>(self, _: F) {}
    }
    dispatch(format, argument, Built)
}

/// How a call comes to its style: from the `OSIMAGES_STYLE_*` code it is given ([`AnyBuilt`])
/// or from its own name ([`Only`], [`NotBuilt`]). Used as a trait object ([`Renders`],
/// [`Writes`]), so that the body of each kind of call is compiled once, whatever the style.
pub(crate) trait Choice {
    /// The checked request of `document`, `image` and `format` (an `OSIMAGES_STYLE_*` code
    /// with `OSIMAGES_OPTION_*` bits for [`AnyBuilt`], the option bits alone for a per-style
    /// entry point): the arguments at `argument`, `argument + 1` and `argument + 2`.
    fn request(
        &self,
        document: u32,
        image: usize,
        format: u32,
        argument: u32,
    ) -> Result<Request, Fault>;
}

/// A choice that renders into a buffer (its own trait, so that a firmware that only renders
/// does not link the push sink).
pub(crate) trait Renders: Choice {
    /// Renders `doc` into `buf` as [`Document::render`] does, in the style of `request` (one
    /// this choice made).
    fn render(
        &self,
        request: &Request,
        doc: &Document<'_, dyn Source + '_>,
        buf: &mut [u8],
    ) -> Result<Result<usize, BufferTooSmall>, Fault>;
}

/// A choice that pushes through a callback.
pub(crate) trait Writes: Choice {
    /// Writes `doc` through `write`, `buf` at a time, as [`Document::write_with`] does.
    fn write(
        &self,
        request: &Request,
        doc: &Document<'_, dyn Source + '_>,
        buf: &mut [u8],
        write: WriteFn<'_>,
    ) -> Result<Result<usize, c_int>, Fault>;
}

/// The style the call's `OSIMAGES_STYLE_*` code names, any built into this library.
pub(crate) struct AnyBuilt;

impl Choice for AnyBuilt {
    fn request(
        &self,
        document: u32,
        image: usize,
        format: u32,
        argument: u32,
    ) -> Result<Request, Fault> {
        Request::new(document, image, format, argument)
    }
}

// The format was checked when the request was made: never refused below.
impl Renders for AnyBuilt {
    fn render(
        &self,
        request: &Request,
        doc: &Document<'_, dyn Source + '_>,
        buf: &mut [u8],
    ) -> Result<Result<usize, BufferTooSmall>, Fault> {
        dispatch(request.format, 0, Render { doc, buf })
    }
}

impl Writes for AnyBuilt {
    fn write(
        &self,
        request: &Request,
        doc: &Document<'_, dyn Source + '_>,
        buf: &mut [u8],
        write: WriteFn<'_>,
    ) -> Result<Result<usize, c_int>, Fault> {
        dispatch(request.format, 0, Push { doc, buf, write })
    }
}

/// The style type `S`, fixed by a per-style entry point: only its code is linked.
pub(crate) struct Only<S>(PhantomData<S>);

impl<S> Only<S> {
    pub(crate) const CHOICE: Only<S> = Only(PhantomData);
}

impl<S: IntoFormat> Choice for Only<S> {
    fn request(
        &self,
        document: u32,
        image: usize,
        options: u32,
        argument: u32,
    ) -> Result<Request, Fault> {
        Request::styled(document, image, S::FIXED, options, argument)
    }
}

impl<S: IntoFormat + Default> Renders for Only<S> {
    fn render(
        &self,
        request: &Request,
        doc: &Document<'_, dyn Source + '_>,
        buf: &mut [u8],
    ) -> Result<Result<usize, BufferTooSmall>, Fault> {
        Ok(run_as::<S, _>(
            request.format.ascii_only,
            Render { doc, buf },
        ))
    }
}

impl<S: IntoFormat + Default> Writes for Only<S> {
    fn write(
        &self,
        request: &Request,
        doc: &Document<'_, dyn Source + '_>,
        buf: &mut [u8],
        write: WriteFn<'_>,
    ) -> Result<Result<usize, c_int>, Fault> {
        let job = Push { doc, buf, write };
        Ok(run_as::<S, _>(request.format.ascii_only, job))
    }
}

/// The entry point of a style this library was built without: refuses every call with
/// `OSIMAGES_STATUS_STYLE_NOT_BUILT` (no argument at fault: the function's name is).
#[allow(dead_code)] // in a library built with every style
pub(crate) struct NotBuilt;

#[allow(dead_code)] // as `NotBuilt`
const NOT_BUILT: Fault = Fault::arg(OSIMAGES_STATUS_STYLE_NOT_BUILT, 0);

impl Choice for NotBuilt {
    fn request(&self, _: u32, _: usize, _: u32, _: u32) -> Result<Request, Fault> {
        Err(NOT_BUILT)
    }
}

// Never asked to render: it makes no request.
impl Renders for NotBuilt {
    fn render(
        &self,
        _: &Request,
        _: &Document<'_, dyn Source + '_>,
        _: &mut [u8],
    ) -> Result<Result<usize, BufferTooSmall>, Fault> {
        Err(NOT_BUILT)
    }
}

impl Writes for NotBuilt {
    fn write(
        &self,
        _: &Request,
        _: &Document<'_, dyn Source + '_>,
        _: &mut [u8],
        _: WriteFn<'_>,
    ) -> Result<Result<usize, c_int>, Fault> {
        Err(NOT_BUILT)
    }
}
