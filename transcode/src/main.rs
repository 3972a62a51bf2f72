//! Reads a JSON image document with osimages' parser and writes it in any style and view.
//!
//! ```text
//! cargo run --release -p osimages-transcode -- [--format json|xml] [--style compact|pretty|nova]
//!     [--view detail|summary|show] [--ascii] [--chunk N] [--measure] [FILE]
//! ```
//!
//! The input is a detail list (`{"images": [...]}`), or with `--view show` a show document
//! (`{"image": {...}}`), from FILE or standard input (no FILE, or `-`). With `--measure` it
//! writes, instead of a rendering, the smallest `ImageList<IMAGES, META, LINKS, BYTES>` type
//! that holds the document. On bad input: exit status 1, one line on standard error, nothing on
//! standard output; on a wrong command line: exit status 2, the complaint and the usage.

use std::io::{Read, Write};
use std::process::ExitCode;

use osimages::{Capacity, Format, ImageList, Style};

/// At least 1024 images with 64 metadata entries each and 255-byte names, keys and values (with
/// room to spare for multi-byte text), and room for explicit links.
type List = ImageList<1024, { 1024 * 64 }, { 1024 * 8 }, { 64 << 20 }>;

struct Args {
    format: Format,
    show: bool,
    summary: bool,
    chunk: Option<usize>,
    measure: bool,
    file: Option<String>,
}

const USAGE: &str = "usage: transcode [--format json|xml] [--style compact|pretty|nova] \
                     [--view detail|summary|show] [--ascii] [--chunk N] [--measure] [FILE]";

/// The options that take a value: each also as `--name=value`, as getopt_long reads it.
const VALUED: [&str; 4] = ["--format", "--style", "--view", "--chunk"];

/// `--name=value` of an option in [`VALUED`] as the two arguments `--name value`.
fn split_value(arg: String) -> Vec<String> {
    match arg.split_once('=') {
        Some((name, value)) if VALUED.contains(&name) => vec![name.to_string(), value.to_string()],
        _ => vec![arg],
    }
}

/// The arguments, or `None` for `--help`.
fn parse_args() -> Result<Option<Args>, String> {
    let (mut xml, mut style, mut view) = (false, "compact".to_string(), "detail".to_string());
    let (mut ascii, mut chunk, mut file, mut measure) = (false, None, None, false);
    let mut stdin_named = false;
    let mut it = std::env::args().skip(1).flat_map(split_value);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--format" => {
                xml = match value("--format")?.as_str() {
                    "json" => false,
                    "xml" => true,
                    other => return Err(format!("unknown format {other:?}")),
                }
            }
            "--style" => style = value("--style")?,
            "--view" => view = value("--view")?,
            "--ascii" => ascii = true,
            "--measure" => measure = true,
            "--chunk" => {
                let n = value("--chunk")?;
                chunk = Some(
                    n.parse::<usize>()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or(format!("bad chunk size {n:?}"))?,
                );
            }
            "-h" | "--help" => return Ok(None),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ if file.is_some() || stdin_named => {
                return Err("more than one input file".to_string());
            }
            // `-` is standard input, as for most tools.
            "-" => stdin_named = true,
            _ => file = Some(arg),
        }
    }
    let style = match (xml, style.as_str()) {
        (false, "compact") => Style::JsonCompact,
        (false, "pretty") => Style::JsonPretty,
        (false, "nova") => Style::JsonNova,
        (true, "compact" | "nova") => Style::XmlWire,
        (true, "pretty") => Style::XmlPretty,
        (_, other) => return Err(format!("unknown style {other:?}")),
    };
    let (show, summary) = match view.as_str() {
        "detail" => (false, false),
        "summary" => (false, true),
        "show" => (true, false),
        other => return Err(format!("unknown view {other:?}")),
    };
    Ok(Some(Args {
        format: Format {
            style,
            ascii_only: ascii,
        },
        show,
        summary,
        chunk,
        measure,
        file,
    }))
}

fn read_input(file: &Option<String>) -> Result<Vec<u8>, String> {
    let mut input = Vec::new();
    match file {
        Some(path) => input = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?,
        None => {
            std::io::stdin()
                .read_to_end(&mut input)
                .map_err(|e| format!("stdin: {e}"))?;
        }
    }
    Ok(input)
}

fn run(args: Args) -> Result<(), String> {
    let input = read_input(&args.file)?;
    if args.measure {
        let needs = if args.show {
            Capacity::show(&input)
        } else {
            Capacity::detail(&input)
        };
        println!("{}", needs.map_err(|e| e.to_string())?);
        return Ok(());
    }
    let mut list = List::new();
    let shown = if args.show {
        list.parse_show(&input).map_err(|e| e.to_string())?
    } else {
        list.parse_detail(&input).map_err(|e| e.to_string())?;
        0
    };
    let doc = match (args.show, args.summary) {
        (true, _) => list.show(shown).ok_or("no image to show")?,
        (false, true) => list.summary(),
        (false, false) => list.detail(),
    };
    let mut out = std::io::stdout().lock();
    let write_err = |e: std::io::Error| format!("stdout: {e}");
    match args.chunk {
        Some(size) => {
            let mut buf = vec![0u8; size];
            let mut chunks = doc.chunks(args.format);
            while !chunks.is_finished() {
                let n = chunks.fill(&mut buf);
                out.write_all(&buf[..n]).map_err(write_err)?;
            }
        }
        None => {
            let mut buf = vec![0u8; doc.rendered_len(args.format)];
            let n = doc
                .render(&mut buf, args.format)
                .map_err(|e| e.to_string())?;
            out.write_all(&buf[..n]).map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("transcode: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // The list lives on this thread's stack: a 64 MiB text pool, touched only as far as it is used
    // (a debug build copies the list a few times, hence the margin).
    let worker = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || run(args));
    match worker
        .map_err(|e| e.to_string())
        .and_then(|h| h.join().map_err(|_| "internal error".to_string()))
    {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) | Err(e) => {
            eprintln!("transcode: {e}");
            ExitCode::FAILURE
        }
    }
}
