//! The seed model: the seven images of the API reference page, metadata in the XML example's order.
#![allow(dead_code)]

use osimages::{
    DiskConfig, Endpoints, Field, ImageList, ImageRef, LinkRef, Links, Timestamp, Uuid,
};

pub const ENDPOINTS: Endpoints<'static> = Endpoints {
    compute: "http://openstack.example.com",
    image_service: "http://glance.openstack.example.com",
    tenant: "openstack",
};

/// The smallest list type that holds the seed.
pub type SeedList = ImageList<7, 19, 0, 527>;

pub fn seed_images(storage: &mut Vec<ImageRef<'static>>) {
    let at = Some(Timestamp::parse("2011-01-01T01:02:03Z", Field::Created).unwrap());
    let base = |id: &str, name: &'static str| ImageRef {
        name: Some(name),
        progress: 100,
        created: at,
        updated: at,
        ..ImageRef::new(Uuid::parse(id).unwrap())
    };
    const NK: Option<&str> = Some("nokernel");
    storage.extend([
        ImageRef {
            metadata: &[
                ("kernel_id", NK),
                ("auto_disk_config", Some("True")),
                ("ramdisk_id", NK),
                ("architecture", Some("x86_64")),
            ],
            disk_config: Some(DiskConfig::Auto),
            ..base("70a599e0-31e7-49b7-b260-868f441e862b", "fakeimage7")
        },
        ImageRef {
            metadata: &[
                ("kernel_id", NK),
                ("ramdisk_id", NK),
                ("architecture", Some("x86_64")),
            ],
            ..base("155d900f-4e14-4e4c-a73d-069cbf4541e6", "fakeimage123456")
        },
        ImageRef {
            metadata: &[("kernel_id", NK), ("ramdisk_id", NK)],
            ..base("a2459075-d96c-40d5-893e-577ff92e721c", "fakeimage123456")
        },
        ImageRef {
            metadata: &[
                ("kernel_id", NK),
                ("auto_disk_config", Some("False")),
                ("ramdisk_id", NK),
                ("architecture", Some("x86_64")),
            ],
            disk_config: Some(DiskConfig::Manual),
            ..base("a440c04b-79fa-479c-bed1-0b816eaec379", "fakeimage6")
        },
        ImageRef {
            metadata: &[
                ("kernel_id", Some("155d900f-4e14-4e4c-a73d-069cbf4541e6")),
                ("ramdisk_id", None),
            ],
            ..base("c905cedb-7281-47e4-8a62-f26bc5fc4c77", "fakeimage123456")
        },
        ImageRef {
            metadata: &[("kernel_id", NK), ("ramdisk_id", NK)],
            ..base("cedef40a-ed67-4d10-800e-17455edce175", "fakeimage123456")
        },
        ImageRef {
            metadata: &[("kernel_id", NK), ("ramdisk_id", NK)],
            ..base("76fa36fc-c930-4bf3-8c8a-ea2a2420deb6", "fakeimage123456")
        },
    ]);
}

pub fn seed_list() -> SeedList {
    let mut images = Vec::new();
    seed_images(&mut images);
    let mut list = SeedList::new();
    list.set_endpoints(ENDPOINTS).unwrap();
    for img in &images {
        list.push(img).unwrap();
    }
    list
}

/// Strings holding a byte that some style escapes (JSON, XML attributes or text, ASCII-only
/// JSON), each of a different kind.
pub const ESCAPED: [&str; 9] = ["\"", "\\", "<", ">", "&", "\t", "\r\n", "\u{e9}", "\u{7f}"];

/// Calls `f` with the seed's images, the third with one explicit link, and one string holding
/// `special` in each of six places in turn (an image's name, a metadata key, a metadata value,
/// the link's href, rel and type; a type, being a media type, holds no line break), with the
/// place's number; once, with none, for "". Nothing is leaked (Miri runs the tests that use it).
pub fn with_one_escaped_string(special: &str, mut f: impl FnMut(usize, &[ImageRef<'_>])) {
    let mut seed = Vec::new();
    seed_images(&mut seed);
    let odd = format!("a{special}b");
    let odd_type = format!("text/a{special}b");
    for at in 0..if special.is_empty() { 1 } else { 6 } {
        if at == 5 && special.contains(['\r', '\n']) {
            continue;
        }
        let mut link = LinkRef {
            href: "http://example.com/x",
            rel: "self",
            media_type: Some("text/plain"),
        };
        let mut meta = seed[0].metadata.to_vec();
        let mut name = seed[3].name;
        match at {
            _ if special.is_empty() => {}
            0 => name = Some(&odd),
            1 => meta[0].0 = &odd,
            2 => meta[1].1 = Some(&odd),
            3 => link.href = &odd,
            4 => link.rel = &odd,
            _ => link.media_type = Some(&odd_type),
        }
        let links = [link];
        let mut images: Vec<ImageRef<'_>> = seed.clone();
        images[0].metadata = &meta;
        images[2].links = Links::Explicit(&links);
        images[3].name = name;
        f(at, &images);
    }
}

/// A golden file's exact bytes (the pretty files without their final newline).
pub fn golden(name: &str) -> Vec<u8> {
    // The repository's root: this package's, or its parent for a workspace member (the C ABI's).
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = match manifest.join("tests/golden").is_dir() {
        true => manifest,
        false => manifest.parent().unwrap_or(manifest),
    };
    let path = format!("{}/tests/golden/{name}", root.display());
    let mut b = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if name.contains("pretty") && b.last() == Some(&b'\n') {
        b.pop();
    }
    b
}
