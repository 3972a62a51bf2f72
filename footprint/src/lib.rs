//! What every footprint firmware shares: the seed's seven images in statics (as osimages'
//! `ImageRef`s, and as serde mirror structs for the serde-json-core firmware), storage for the
//! list and the output, the panic handler, [`finish`] (the documents written to the host), and
//! (feature `measure`) the stack meter.
#![no_std]

pub mod mirror;
#[cfg(feature = "measure")]
pub mod stack;

use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_semihosting::{debug, hio};

use osimages::{DiskConfig, Endpoints, ImageList, ImageRef, Timestamp, Uuid};

/// The smallest list that holds the seed.
pub type SeedList = ImageList<7, 19, 0, 527>;

/// Room for the largest seed document written here (wire XML, 5306 bytes).
pub const OUT_LEN: usize = 6 * 1024;

pub const ENDPOINTS: Endpoints<'static> = Endpoints {
    compute: "http://openstack.example.com",
    image_service: "http://glance.openstack.example.com",
    tenant: "openstack",
};

const fn id(s: &str) -> Uuid {
    match Uuid::parse(s) {
        Some(u) => u,
        None => panic!("not a UUID"),
    }
}

const AT: Option<Timestamp> = Timestamp::new(2011, 1, 1, 1, 2, 3);
const NK: Option<&str> = Some("nokernel");

const fn image(
    uuid: &str,
    name: &'static str,
    metadata: &'static [(&'static str, Option<&'static str>)],
    disk_config: Option<DiskConfig>,
) -> ImageRef<'static> {
    ImageRef {
        name: Some(name),
        progress: 100,
        created: AT,
        updated: AT,
        metadata,
        disk_config,
        ..ImageRef::new(id(uuid))
    }
}

/// The seed's seven images (the API reference's "List images"), metadata in its XML order.
pub static SEED: [ImageRef<'static>; 7] = [
    image(
        "70a599e0-31e7-49b7-b260-868f441e862b",
        "fakeimage7",
        &[
            ("kernel_id", NK),
            ("auto_disk_config", Some("True")),
            ("ramdisk_id", NK),
            ("architecture", Some("x86_64")),
        ],
        Some(DiskConfig::Auto),
    ),
    image(
        "155d900f-4e14-4e4c-a73d-069cbf4541e6",
        "fakeimage123456",
        &[
            ("kernel_id", NK),
            ("ramdisk_id", NK),
            ("architecture", Some("x86_64")),
        ],
        None,
    ),
    image(
        "a2459075-d96c-40d5-893e-577ff92e721c",
        "fakeimage123456",
        &[("kernel_id", NK), ("ramdisk_id", NK)],
        None,
    ),
    image(
        "a440c04b-79fa-479c-bed1-0b816eaec379",
        "fakeimage6",
        &[
            ("kernel_id", NK),
            ("auto_disk_config", Some("False")),
            ("ramdisk_id", NK),
            ("architecture", Some("x86_64")),
        ],
        Some(DiskConfig::Manual),
    ),
    image(
        "c905cedb-7281-47e4-8a62-f26bc5fc4c77",
        "fakeimage123456",
        &[
            ("kernel_id", Some("155d900f-4e14-4e4c-a73d-069cbf4541e6")),
            ("ramdisk_id", None),
        ],
        None,
    ),
    image(
        "cedef40a-ed67-4d10-800e-17455edce175",
        "fakeimage123456",
        &[("kernel_id", NK), ("ramdisk_id", NK)],
        None,
    ),
    image(
        "76fa36fc-c930-4bf3-8c8a-ea2a2420deb6",
        "fakeimage123456",
        &[("kernel_id", NK), ("ramdisk_id", NK)],
        None,
    ),
];

/// Stores `images` in `list`; false if any is refused (never, for the seed).
pub fn fill<const I: usize, const M: usize, const L: usize, const B: usize>(
    list: &mut ImageList<I, M, L, B>,
    images: &[ImageRef<'_>],
) -> bool {
    list.set_endpoints(ENDPOINTS).is_ok() && images.iter().all(|img| list.push(img).is_ok())
}

/// Writes each document, the first `len` bytes of its buffer (as a render returned it), to the
/// host's stdout over semihosting, in order, and ends the run under qemu-system-arm: exit status
/// 0 if every byte was written (scripts/footprint.sh compares them with tests/golden/). Every
/// image calls it once, those that render nothing with no document, and its argument is opaque
/// to the optimiser, so the same code is in every image and cancels out of the size differences.
pub fn finish(documents: &[(&[u8], usize)]) -> ! {
    let documents = black_box(documents);
    let written = hio::hstdout().is_ok_and(|mut out| {
        documents
            .iter()
            .all(|&(buf, len)| buf.get(..len).is_some_and(|d| out.write_all(d).is_ok()))
    });
    exit(written)
}

/// Ends the run under qemu-system-arm: exit status 0 if `ok`. (In line: every image's exit is
/// the code it was before the stack meters shared it.)
#[inline(always)]
pub fn exit(ok: bool) -> ! {
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    cortex_m::asm::udf()
}
