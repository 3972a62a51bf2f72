//! An arbitrary model built through the public store API (so refusals are exercised too), then
//! updated in place (every mutator, refusals included: a refused update changes nothing, and
//! the pool holds exactly the strings the list still has), rendered in every style and view,
//! one-shot and in chunks of a fuzzer-chosen size.
#![no_main]

#[path = "check.rs"]
mod check;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use osimages::{DiskConfig, Endpoints, ImageList, ImageRef, ImagesView, LinkRef, Links, Status, Timestamp, Uuid};

#[derive(Arbitrary, Debug)]
struct Link {
    href: String,
    rel: String,
    media_type: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Image {
    id: [u8; 16],
    name: Option<String>,
    status: u8,
    progress: u8,
    min_disk: u64,
    min_ram: u64,
    created: Option<(u16, u8, u8, u8, u8, u8)>,
    updated: Option<(u16, u8, u8, u8, u8, u8)>,
    metadata: Vec<(String, Option<String>)>,
    /// `None`: derived links.
    links: Option<Vec<Link>>,
    server: Option<[u8; 16]>,
    disk_config: Option<bool>,
    size: Option<u64>,
    extra_metadata: Vec<(u8, String, Option<String>)>,
}

/// One change to a stored image (`image` is taken modulo one past the list's length).
#[derive(Arbitrary, Debug)]
enum Update {
    Status(u8, u8),
    Progress(u8, u8),
    Created(u8, Option<(u16, u8, u8, u8, u8, u8)>),
    Updated(u8, Option<(u16, u8, u8, u8, u8, u8)>),
    Name(u8, Option<String>),
    Size(u8, Option<u64>),
    DiskConfig(u8, Option<bool>),
    SetMetadata(u8, String, Option<String>),
    RemoveMetadata(u8, String),
    SetLinks(u8, Option<Vec<Link>>),
    RemoveLink(u8, u8),
    Remove(u8),
    NextLink(Option<String>),
    SizeExtension(bool),
}

#[derive(Arbitrary, Debug)]
struct Model {
    compute: String,
    image_service: String,
    tenant: String,
    next_link: Option<String>,
    size_extension: bool,
    images: Vec<Image>,
    updates: Vec<Update>,
    chunk: u8,
    short_by: u8,
}

type List = ImageList<8, 32, 8, 2048>;

/// The list's detail document in one style: cheap, for "unchanged" checks.
fn snapshot(list: &List, style: osimages::Style) -> Vec<u8> {
    let doc = list.detail();
    let mut buf = vec![0u8; doc.rendered_len(style)];
    let n = doc.render(&mut buf, style).expect("sized by rendered_len");
    buf.truncate(n);
    buf
}

fn date(d: Option<(u16, u8, u8, u8, u8, u8)>) -> Option<Timestamp> {
    d.and_then(|(y, mo, da, h, mi, s)| Timestamp::new(y, mo, da, h, mi, s))
}

/// What the list's strings take: every one it still holds, read back, counted once.
fn live_bytes(list: &List) -> usize {
    let e = list.endpoints().map_or(0, |e| e.compute.len() + e.image_service.len() + e.tenant.len());
    let mut n = e + list.next_link().map_or(0, str::len);
    for i in 0..list.len() {
        let img = list.get(i).unwrap();
        n += img.name().map_or(0, str::len) + if img.server().is_some() { 16 } else { 0 };
        n += img.metadata().map(|(k, v)| k.len() + v.map_or(0, str::len)).sum::<usize>();
        if let Links::Explicit(links) = img.links() {
            n += links.map(|l| l.href.len() + l.rel.len() + l.media_type.map_or(0, str::len)).sum::<usize>();
        }
    }
    n
}

/// Applies one update; the list's own result.
fn update(list: &mut List, u: &Update) -> Result<(), osimages::Error> {
    let at = |i: &u8| usize::from(*i) % (list.len() + 1);
    match u {
        Update::Status(i, s) => list.set_status(at(i), Status::from_u32(u32::from(*s % 5)).unwrap_or(Status::Unknown)),
        Update::Progress(i, p) => list.set_progress(at(i), *p),
        Update::Created(i, d) => list.set_created(at(i), date(*d)),
        Update::Updated(i, d) => list.set_updated(at(i), date(*d)),
        Update::Name(i, n) => list.set_name(at(i), n.as_deref()),
        Update::Size(i, s) => list.set_size(at(i), *s),
        Update::DiskConfig(i, c) => {
            list.set_disk_config(at(i), c.map(|a| if a { DiskConfig::Auto } else { DiskConfig::Manual }))
        }
        Update::SetMetadata(i, k, v) => list.set_metadata(at(i), k, v.as_deref()),
        Update::RemoveMetadata(i, k) => list.remove_metadata(at(i), k),
        Update::SetLinks(i, None) => list.set_links(at(i), Links::Derived),
        Update::SetLinks(i, Some(links)) => {
            let refs: Vec<LinkRef> =
                links.iter().map(|l| LinkRef { href: &l.href, rel: &l.rel, media_type: l.media_type.as_deref() }).collect();
            list.set_links(at(i), Links::Explicit(&refs))
        }
        Update::RemoveLink(i, k) => list.remove_link(at(i), usize::from(*k % 4)),
        Update::Remove(i) => list.remove(at(i)),
        Update::NextLink(n) => list.set_next_link(n.as_deref()),
        Update::SizeExtension(on) => {
            list.set_size_extension(*on);
            Ok(())
        }
    }
}

fuzz_target!(|m: Model| {
    let mut list = List::new();
    let endpoints = Endpoints { compute: &m.compute, image_service: &m.image_service, tenant: &m.tenant };
    let _ = list.set_endpoints(endpoints);
    let _ = list.set_next_link(m.next_link.as_deref());
    list.set_size_extension(m.size_extension);
    let mut refs = Vec::new();
    let links: Vec<Vec<LinkRef>> = m
        .images
        .iter()
        .map(|i| i.links.iter().flatten().map(|l| LinkRef { href: &l.href, rel: &l.rel, media_type: l.media_type.as_deref() }).collect())
        .collect();
    let metas: Vec<Vec<(&str, Option<&str>)>> =
        m.images.iter().map(|i| i.metadata.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect()).collect();
    for (k, img) in m.images.iter().enumerate() {
        let r = ImageRef {
            id: Uuid(img.id),
            name: img.name.as_deref(),
            status: Status::from_u32(u32::from(img.status % 6)).unwrap_or(Status::Unknown),
            progress: img.progress,
            min_disk: img.min_disk,
            min_ram: img.min_ram,
            created: date(img.created),
            updated: date(img.updated),
            metadata: &metas[k],
            links: match img.links {
                Some(_) => Links::Explicit(&links[k]),
                None => Links::Derived,
            },
            server: img.server.map(Uuid),
            disk_config: img.disk_config.map(|a| if a { DiskConfig::Auto } else { DiskConfig::Manual }),
            size: img.size,
        };
        refs.push(r);
        let before_json = snapshot(&list, osimages::Style::JsonCompact);
        match list.push(&r) {
            Ok(i) => {
                for (target, key, value) in &img.extra_metadata {
                    let target = usize::from(*target) % (i + 2);
                    let before = snapshot(&list, osimages::Style::JsonNova);
                    if list.push_metadata(target, key, value.as_deref()).is_err() {
                        let after = snapshot(&list, osimages::Style::JsonNova);
                        assert_eq!(before, after, "a refused metadata entry changed the list");
                    }
                }
            }
            Err(_) => {
                let after = snapshot(&list, osimages::Style::JsonCompact);
                assert_eq!(before_json, after, "a refused image changed the list");
            }
        }
    }
    // Updates in place: a refusal changes nothing; the pool never holds more than the list's
    // strings.
    let pushed = (refs.len(), list.len());
    for u in m.updates.iter().take(64) {
        let before = (snapshot(&list, osimages::Style::JsonCompact), list.used());
        if update(&mut list, u).is_err() {
            let after = (snapshot(&list, osimages::Style::JsonCompact), list.used());
            assert!(after == before, "a refused update changed the list: {u:?}");
        }
        assert_eq!(list.bytes_used(), live_bytes(&list), "after {u:?}");
    }
    let updated = !m.updates.is_empty();
    let chunk = usize::from(m.chunk) + 1;
    let short_by = usize::from(m.short_by);
    let mut docs = vec![list.detail(), list.summary()];
    docs.extend((0..list.len()).filter_map(|i| list.show(i)));
    // Every document in every format; streamed (the costly check at small chunk sizes) in one
    // fuzzer-chosen format per document.
    let streamed = usize::from(m.short_by) % 10;
    for doc in &docs {
        for (k, format) in check::formats().enumerate() {
            check::render_everything(doc, format, if k == streamed { chunk } else { 0 }, short_by);
        }
    }
    // The borrowed view accepts exactly what the list accepts, and renders the same bytes.
    if let Ok(view) = ImagesView::new(endpoints, &refs) {
        let view = view.with_size_extension(m.size_extension).with_next_link(m.next_link.as_deref());
        let same = !updated && pushed.0 == pushed.1 && list.endpoints() == Some(endpoints);
        if let (Ok(view), true) = (view, same) {
            for format in check::formats() {
                let a = check::render_everything(&view.detail(), format, 0, short_by);
                let b = {
                    let doc = list.detail();
                    let mut buf = vec![0u8; doc.rendered_len(format)];
                    let n = doc.render(&mut buf, format).expect("sized by rendered_len");
                    buf.truncate(n);
                    buf
                };
                if list.metadata_used() == refs.iter().map(|r| r.metadata.len()).sum::<usize>() && list.next_link() == m.next_link.as_deref() {
                    assert_eq!(a, b, "view and list differ");
                }
            }
        }
    }
});
