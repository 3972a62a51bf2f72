//! The seed as a serde-json-core user would hold it: `#[derive(Serialize)]` structs in a static,
//! every href spelled out, keys in the same order as osimages' compact JSON.

use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(serde::Serialize)]
pub struct Link {
    href: &'static str,
    rel: &'static str,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    media_type: Option<&'static str>,
}

/// Metadata in its stored order.
pub struct Metadata(&'static [(&'static str, Option<&'static str>)]);

impl Serialize for Metadata {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
pub struct Image {
    #[serde(rename = "OS-DCF:diskConfig", skip_serializing_if = "Option::is_none")]
    disk_config: Option<&'static str>,
    created: Option<&'static str>,
    id: &'static str,
    links: [Link; 3],
    metadata: Metadata,
    #[serde(rename = "minDisk")]
    min_disk: u64,
    #[serde(rename = "minRam")]
    min_ram: u64,
    name: Option<&'static str>,
    progress: u8,
    status: &'static str,
    updated: Option<&'static str>,
}

#[derive(serde::Serialize)]
pub struct Images {
    images: [Image; 7],
}

const AT: Option<&str> = Some("2011-01-01T01:02:03Z");
const NK: Option<&str> = Some("nokernel");

macro_rules! image {
    ($id:literal, $name:literal, $dc:expr, $meta:expr) => {
        Image {
            disk_config: $dc,
            created: AT,
            id: $id,
            links: [
                Link {
                    href: concat!("http://openstack.example.com/v2/openstack/images/", $id),
                    rel: "self",
                    media_type: None,
                },
                Link {
                    href: concat!("http://openstack.example.com/openstack/images/", $id),
                    rel: "bookmark",
                    media_type: None,
                },
                Link {
                    href: concat!("http://glance.openstack.example.com/openstack/images/", $id),
                    rel: "alternate",
                    media_type: Some("application/vnd.openstack.image"),
                },
            ],
            metadata: Metadata($meta),
            min_disk: 0,
            min_ram: 0,
            name: Some($name),
            progress: 100,
            status: "ACTIVE",
            updated: AT,
        }
    };
}

/// The same seven images as [`crate::SEED`].
pub static SEED: Images = Images {
    images: [
        image!(
            "70a599e0-31e7-49b7-b260-868f441e862b",
            "fakeimage7",
            Some("AUTO"),
            &[
                ("kernel_id", NK),
                ("auto_disk_config", Some("True")),
                ("ramdisk_id", NK),
                ("architecture", Some("x86_64")),
            ]
        ),
        image!(
            "155d900f-4e14-4e4c-a73d-069cbf4541e6",
            "fakeimage123456",
            None,
            &[
                ("kernel_id", NK),
                ("ramdisk_id", NK),
                ("architecture", Some("x86_64")),
            ]
        ),
        image!(
            "a2459075-d96c-40d5-893e-577ff92e721c",
            "fakeimage123456",
            None,
            &[("kernel_id", NK), ("ramdisk_id", NK)]
        ),
        image!(
            "a440c04b-79fa-479c-bed1-0b816eaec379",
            "fakeimage6",
            Some("MANUAL"),
            &[
                ("kernel_id", NK),
                ("auto_disk_config", Some("False")),
                ("ramdisk_id", NK),
                ("architecture", Some("x86_64")),
            ]
        ),
        image!(
            "c905cedb-7281-47e4-8a62-f26bc5fc4c77",
            "fakeimage123456",
            None,
            &[
                ("kernel_id", Some("155d900f-4e14-4e4c-a73d-069cbf4541e6")),
                ("ramdisk_id", None),
            ]
        ),
        image!(
            "cedef40a-ed67-4d10-800e-17455edce175",
            "fakeimage123456",
            None,
            &[("kernel_id", NK), ("ramdisk_id", NK)]
        ),
        image!(
            "76fa36fc-c930-4bf3-8c8a-ea2a2420deb6",
            "fakeimage123456",
            None,
            &[("kernel_id", NK), ("ramdisk_id", NK)]
        ),
    ],
};
