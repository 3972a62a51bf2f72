//! The benchmark data sets, made deterministically in code: the seed's seven images, and lists of
//! 64 and 1024 images derived from them with unique ids, varied names and values, and about one
//! string in five that needs escaping in JSON or XML or holds non-ASCII.
// Shared by the `render` and `profile` benches, which each use part of it.
#![allow(dead_code)]

use osimages::{DiskConfig, ImageRef, Status, Timestamp, Uuid};

#[path = "../../tests/common/mod.rs"]
mod common;
#[allow(unused_imports)]
pub use common::{ENDPOINTS, golden};

/// One data set: its name as it appears in benchmark ids, and its images.
pub struct DataSet {
    pub name: &'static str,
    pub images: Vec<ImageRef<'static>>,
}

/// `seed`, `n64`, `n1024`, in that order.
pub fn all() -> Vec<DataSet> {
    let mut seed = Vec::new();
    common::seed_images(&mut seed);
    vec![
        DataSet {
            name: "seed",
            images: seed.clone(),
        },
        DataSet {
            name: "n64",
            images: derived(&seed, 64),
        },
        DataSet {
            name: "n1024",
            images: derived(&seed, 1024),
        },
    ]
}

/// SplitMix64: a bijection of the counter, so ids made from it never repeat.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a "special" string gets appended: each one needs an escape in JSON or XML, or is
/// non-ASCII (never a character that osimages refuses).
const SPECIALS: [&str; 12] = [
    " \"quoted\"",
    " back\\slash",
    " <b>",
    " a > b",
    " R&D",
    "\ttab",
    "\nline",
    "\r\ncrlf",
    " café",
    " 東京",
    " 😀",
    " it's <\"both\"> & é",
];

/// One string in five, on average, gets one of [`SPECIALS`].
fn decorate(rng: &mut SplitMix, plain: String) -> &'static str {
    let s = if rng.below(5) == 0 {
        plain + SPECIALS[rng.below(SPECIALS.len() as u64) as usize]
    } else {
        plain
    };
    Box::leak(s.into_boxed_str())
}

/// `n` images cycling through the seed's shapes (metadata keys, disk config), with every value
/// varied and every id unique.
fn derived(seed: &[ImageRef<'static>], n: usize) -> Vec<ImageRef<'static>> {
    let mut rng = SplitMix(n as u64);
    let names = ["fakeimage", "cirros", "ubuntu-server", "debian", "windows"];
    (0..n)
        .map(|k| {
            let base = &seed[k % seed.len()];
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(&mix(k as u64).to_be_bytes());
            id[8..].copy_from_slice(&rng.next().to_be_bytes());
            let name = if rng.below(20) == 0 {
                None
            } else {
                let stem = names[rng.below(names.len() as u64) as usize];
                Some(decorate(&mut rng, format!("{stem}-{k}")))
            };
            let metadata: Vec<(&'static str, Option<&'static str>)> = base
                .metadata
                .iter()
                .enumerate()
                .map(|(j, (key, _))| {
                    let key = decorate(&mut rng, (*key).to_string());
                    let value = match rng.below(10) {
                        0 => None,
                        1 => Some(""),
                        _ => Some(decorate(&mut rng, format!("value-{k}-{j}"))),
                    };
                    (key, value)
                })
                .collect();
            let date = |rng: &mut SplitMix| {
                Timestamp::new(
                    2010 + rng.below(15) as u16,
                    1 + rng.below(12) as u8,
                    1 + rng.below(28) as u8,
                    rng.below(24) as u8,
                    rng.below(60) as u8,
                    rng.below(60) as u8,
                )
            };
            ImageRef {
                id: Uuid(id),
                name,
                status: Status::ALL[rng.below(5) as usize],
                progress: rng.below(101) as u8,
                min_disk: rng.below(200),
                min_ram: rng.below(65_536),
                created: date(&mut rng),
                updated: if rng.below(10) == 0 {
                    None
                } else {
                    date(&mut rng)
                },
                metadata: Box::leak(metadata.into_boxed_slice()),
                links: osimages::Links::Derived,
                server: None,
                disk_config: match rng.below(3) {
                    0 => None,
                    1 => Some(DiskConfig::Auto),
                    _ => Some(DiskConfig::Manual),
                },
                size: base.size,
            }
        })
        .collect()
}

/// The share of strings (names, metadata keys and values) with a special character.
pub fn special_share(images: &[ImageRef<'_>]) -> f64 {
    let special = |s: &str| {
        s.bytes().any(|b| {
            matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&' | b'\t' | b'\n' | b'\r') || b >= 0x80
        })
    };
    let (mut all, mut hits) = (0usize, 0usize);
    for img in images {
        let strings = img.name.into_iter().chain(
            img.metadata
                .iter()
                .flat_map(|(k, v)| std::iter::once(*k).chain(*v)),
        );
        for s in strings {
            all += 1;
            hits += usize::from(special(s));
        }
    }
    hits as f64 / all.max(1) as f64
}
