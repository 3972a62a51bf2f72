//! Measures the stack each render call uses, on lists of 7, 64 and 512 images, and prints it over
//! semihosting (scripts/footprint.sh runs it under qemu-system-arm). Also checks that the
//! serde-json-core firmware's data renders the same document as osimages (exit status 1 if not).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_semihosting::{debug, hprintln};
use osimages::{ImageList, ImageRef, ImagesView, Style, Uuid};
use osimages_footprint::{ENDPOINTS, SEED, fill, mirror, stack};

type BigList = ImageList<512, 1536, 0, { 64 * 1024 }>;
const OUT: usize = 512 * 1024;

/// `n` images cycling through the seed's, each with its own id.
fn grow(list: &mut BigList, n: usize) -> bool {
    list.clear();
    if list.set_endpoints(ENDPOINTS).is_err() {
        return false;
    }
    (0..n).all(|k| {
        let mut id = SEED[k % SEED.len()].id.0;
        id[12..].copy_from_slice(&(k as u32).to_be_bytes());
        list.push(&ImageRef {
            id: Uuid(id),
            ..SEED[k % SEED.len()]
        })
        .is_ok()
    })
}

#[cortex_m_rt::entry]
fn main() -> ! {
    let list =
        cortex_m::singleton!(: BigList = BigList::new()).unwrap_or_else(|| cortex_m::asm::udf());
    let out = cortex_m::singleton!(: [u8; OUT] = [0; OUT]).unwrap_or_else(|| cortex_m::asm::udf());
    let mut chunk = [0u8; 64];

    let seed_view = ImagesView::new(ENDPOINTS, &SEED).ok();
    let mut small = osimages_footprint::SeedList::new();
    fill(&mut small, &SEED);
    let mut json = [0u8; osimages_footprint::OUT_LEN];
    let ours = small
        .detail()
        .render(&mut json, Style::JsonCompact)
        .unwrap_or(0);
    let theirs = serde_json_core::to_slice(&mirror::SEED, out).unwrap_or(0);
    // What scripts/footprint.sh checks: the run fails if this or a list fill does.
    let mut ok = ours > 0 && out.get(..theirs) == json.get(..ours);
    hprintln!(
        "serde-json-core firmware data renders the same compact JSON: {}",
        ok
    );
    let sjc = stack::used_by(&mut || {
        black_box(serde_json_core::to_slice(black_box(&mirror::SEED), &mut *out).ok());
    });
    hprintln!("stack, serde_json_core::to_slice, seed: {} B", sjc);

    hprintln!(
        "stack in bytes | images | render | rendered_len | chunks(64 B) fill | push (64 B) | view render"
    );
    for n in [7usize, 64, 512] {
        if !grow(list, n) {
            hprintln!("could not store {} images", n);
            ok = false;
            continue;
        }
        for style in Style::ALL {
            let doc = list.detail();
            let render = stack::used_by(&mut || {
                black_box(doc.render(black_box(&mut *out), style).ok());
            });
            let len = stack::used_by(&mut || {
                black_box(doc.rendered_len(style));
            });
            let chunked = stack::used_by(&mut || {
                let mut c = doc.chunks(style);
                while black_box(c.fill(&mut chunk)) > 0 {}
            });
            let pushed = stack::used_by(&mut || {
                black_box(doc.write_with(&mut chunk, style, |b: &[u8]| {
                    black_box(b);
                    Ok::<(), ()>(())
                }))
                .ok();
            });
            // The view borrows the seed's static images, so it is measured on those 7.
            match (n, seed_view) {
                (7, Some(v)) => {
                    let view = stack::used_by(&mut || {
                        black_box(v.detail().render(black_box(&mut *out), style).ok());
                    });
                    hprintln!(
                        "{:?} | {} | {} | {} | {} | {} | {}",
                        style,
                        n,
                        render,
                        len,
                        chunked,
                        pushed,
                        view
                    );
                }
                _ => hprintln!(
                    "{:?} | {} | {} | {} | {} | {} | -",
                    style,
                    n,
                    render,
                    len,
                    chunked,
                    pushed
                ),
            }
        }
    }
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}
