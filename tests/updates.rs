//! Update in place against a plain `std` model: random sequences of pushes, updates and
//! removals, each accepted or refused exactly as the model predicts (capacities included, so
//! `bytes_used()` is exactly what the live values take), and every rendering byte-identical to
//! the model stored into a new list from scratch. The soak test does a million updates to one
//! list.

mod common;
mod model;

use model::{ImageModel, LinkModel, Model};
use osimages::{
    Capacity, DiskConfig, Document, Endpoints, ErrorKind, Format, ImageList, LinkRef, Links,
    Status, Style, Timestamp, Uuid,
};
use proptest::prelude::*;
use proptest::sample::select;

/// One change to a list.
#[derive(Debug, Clone)]
enum Op {
    Push(Box<ImageModel>),
    Remove(usize),
    Status(usize, Status),
    Progress(usize, u8),
    Created(usize, Option<Timestamp>),
    Updated(usize, Option<Timestamp>),
    Name(usize, Option<String>),
    Size(usize, Option<u64>),
    DiskConfig(usize, Option<DiskConfig>),
    SetMeta(usize, String, Option<String>),
    PushMeta(usize, String, Option<String>),
    RemoveMeta(usize, String),
    SetLinks(usize, Option<Vec<LinkModel>>),
    PushLink(usize, LinkModel),
    RemoveLink(usize, usize),
    NextLink(Option<String>),
    Endpoints(String, String, String),
    SizeExtension(bool),
}

fn link_ref(l: &LinkModel) -> LinkRef<'_> {
    LinkRef {
        href: &l.0,
        rel: &l.1,
        media_type: l.2.as_deref(),
    }
}

/// Applies `op` to the list.
fn apply<const I: usize, const M: usize, const L: usize, const B: usize>(
    list: &mut ImageList<I, M, L, B>,
    op: &Op,
) -> Result<(), osimages::Error> {
    match op {
        Op::Push(img) => {
            let single = Model {
                images: vec![(**img).clone()],
                ..Model::empty()
            };
            single.with_refs(|refs| list.push(&refs[0]).map(drop))
        }
        Op::Remove(i) => list.remove(*i),
        Op::Status(i, s) => list.set_status(*i, *s),
        Op::Progress(i, p) => list.set_progress(*i, *p),
        Op::Created(i, t) => list.set_created(*i, *t),
        Op::Updated(i, t) => list.set_updated(*i, *t),
        Op::Name(i, n) => list.set_name(*i, n.as_deref()),
        Op::Size(i, n) => list.set_size(*i, *n),
        Op::DiskConfig(i, c) => list.set_disk_config(*i, *c),
        Op::SetMeta(i, k, v) => list.set_metadata(*i, k, v.as_deref()),
        Op::PushMeta(i, k, v) => list.push_metadata(*i, k, v.as_deref()),
        Op::RemoveMeta(i, k) => list.remove_metadata(*i, k),
        Op::SetLinks(i, None) => list.set_links(*i, Links::Derived),
        Op::SetLinks(i, Some(links)) => {
            let refs: Vec<LinkRef<'_>> = links.iter().map(link_ref).collect();
            list.set_links(*i, Links::Explicit(&refs))
        }
        Op::PushLink(i, l) => list.push_link(*i, &link_ref(l)),
        Op::RemoveLink(i, k) => list.remove_link(*i, *k),
        Op::NextLink(n) => list.set_next_link(n.as_deref()),
        Op::Endpoints(c, g, t) => list.set_endpoints(Endpoints {
            compute: c,
            image_service: g,
            tenant: t,
        }),
        Op::SizeExtension(on) => {
            list.set_size_extension(*on);
            Ok(())
        }
    }
}

fn link_bytes(l: &LinkModel) -> usize {
    l.0.len() + l.1.len() + l.2.as_ref().map_or(0, String::len)
}

fn meta_bytes(k: &str, v: &Option<String>) -> usize {
    k.len() + v.as_ref().map_or(0, String::len)
}

fn image_bytes(img: &ImageModel) -> usize {
    img.name.as_ref().map_or(0, String::len)
        + if img.server.is_some() { 16 } else { 0 }
        + img
            .metadata
            .iter()
            .map(|(k, v)| meta_bytes(k, v))
            .sum::<usize>()
        + img.links.iter().flatten().map(link_bytes).sum::<usize>()
}

/// What a list holding the model uses: every live string once, nothing else.
fn usage(m: &Model) -> Capacity {
    Capacity {
        images: m.images.len(),
        metadata: m.images.iter().map(|i| i.metadata.len()).sum(),
        links: m
            .images
            .iter()
            .map(|i| i.links.iter().flatten().count())
            .sum(),
        bytes: m.compute.len()
            + m.image_service.len()
            + m.tenant.len()
            + m.next_link.as_ref().map_or(0, String::len)
            + m.images.iter().map(image_bytes).sum::<usize>(),
    }
}

/// What the model says `op` does: the refusal it predicts, or the change made to `m`.
fn predict(m: &mut Model, op: &Op, cap: Capacity) -> Result<(), ErrorKind> {
    let n = m.images.len();
    let image = |i: usize| {
        if i < n {
            Ok(i)
        } else {
            Err(ErrorKind::NoSuchImage)
        }
    };
    let used = usage(m);
    // What the list would use after the change (counts grow only where the op adds).
    let mut after = used;
    let fits = |after: Capacity| {
        if after.images > cap.images {
            Err(ErrorKind::TooManyImages)
        } else if after.metadata > cap.metadata {
            Err(ErrorKind::TooManyMetadata)
        } else if after.links > cap.links {
            Err(ErrorKind::TooManyLinks)
        } else if after.bytes > cap.bytes {
            Err(ErrorKind::OutOfTextSpace)
        } else {
            Ok(())
        }
    };
    match op {
        Op::Push(img) => {
            after.images += 1;
            after.metadata += img.metadata.len();
            after.links += img.links.iter().flatten().count();
            after.bytes += image_bytes(img);
            fits(after)?;
            m.size_extension |= img.size.is_some();
            m.images.push((**img).clone());
        }
        Op::Remove(i) => {
            m.images.remove(image(*i)?);
        }
        Op::Status(i, s) => m.images[image(*i)?].status = *s,
        Op::Progress(i, p) => {
            let i = image(*i)?;
            if *p > 100 {
                return Err(ErrorKind::ProgressAbove100);
            }
            m.images[i].progress = *p;
        }
        Op::Created(i, t) => m.images[image(*i)?].created = *t,
        Op::Updated(i, t) => m.images[image(*i)?].updated = *t,
        Op::Name(i, name) => {
            let i = image(*i)?;
            let old = m.images[i].name.as_ref().map_or(0, String::len);
            after.bytes = after.bytes - old + name.as_ref().map_or(0, String::len);
            fits(after)?;
            m.images[i].name = name.clone();
        }
        Op::Size(i, s) => {
            m.images[image(*i)?].size = *s;
            m.size_extension |= s.is_some();
        }
        Op::DiskConfig(i, c) => m.images[image(*i)?].disk_config = *c,
        Op::SetMeta(i, k, v) => {
            let i = image(*i)?;
            let meta = &m.images[i].metadata;
            match meta.iter().position(|(key, _)| key == k) {
                Some(j) => {
                    let old = meta[j].1.as_ref().map_or(0, String::len);
                    after.bytes = after.bytes - old + v.as_ref().map_or(0, String::len);
                    fits(after)?;
                    m.images[i].metadata[j].1 = v.clone();
                }
                None => {
                    after.metadata += 1;
                    after.bytes += meta_bytes(k, v);
                    fits(after)?;
                    m.images[i].metadata.push((k.clone(), v.clone()));
                }
            }
        }
        Op::PushMeta(i, k, v) => {
            let i = image(*i)?;
            if m.images[i].metadata.iter().any(|(key, _)| key == k) {
                return Err(ErrorKind::DuplicateKey);
            }
            after.metadata += 1;
            after.bytes += meta_bytes(k, v);
            fits(after)?;
            m.images[i].metadata.push((k.clone(), v.clone()));
        }
        Op::RemoveMeta(i, k) => {
            let i = image(*i)?;
            let j = m.images[i].metadata.iter().position(|(key, _)| key == k);
            m.images[i]
                .metadata
                .remove(j.ok_or(ErrorKind::NoSuchEntry)?);
        }
        Op::SetLinks(i, links) => {
            let i = image(*i)?;
            let old = m.images[i].links.iter().flatten();
            let (old_n, old_bytes) = (old.clone().count(), old.map(link_bytes).sum::<usize>());
            let new = links.iter().flatten();
            let (new_n, new_bytes) = (new.clone().count(), new.map(link_bytes).sum::<usize>());
            after.links += new_n.saturating_sub(old_n);
            after.bytes = after.bytes - old_bytes + new_bytes;
            fits(after)?;
            m.images[i].links = links.clone();
        }
        Op::PushLink(i, l) => {
            let i = image(*i)?;
            after.links += 1;
            after.bytes += link_bytes(l);
            fits(after)?;
            m.images[i]
                .links
                .get_or_insert_with(Vec::new)
                .push(l.clone());
        }
        Op::RemoveLink(i, k) => match &mut m.images[image(*i)?].links {
            Some(links) if *k < links.len() => {
                links.remove(*k);
            }
            _ => return Err(ErrorKind::NoSuchEntry),
        },
        Op::NextLink(next) => {
            let old = m.next_link.as_ref().map_or(0, String::len);
            after.bytes = after.bytes - old + next.as_ref().map_or(0, String::len);
            fits(after)?;
            m.next_link = next.clone();
        }
        Op::Endpoints(c, g, t) => {
            let old = m.compute.len() + m.image_service.len() + m.tenant.len();
            after.bytes = after.bytes - old + c.len() + g.len() + t.len();
            fits(after)?;
            (m.compute, m.image_service, m.tenant) = (c.clone(), g.clone(), t.clone());
        }
        Op::SizeExtension(on) => {
            m.size_extension = *on || m.images.iter().any(|i| i.size.is_some());
        }
    }
    Ok(())
}

/// Every document of a list in every style (JSON also `ascii_only`).
fn renderings<const I: usize, const M: usize, const L: usize, const B: usize>(
    list: &ImageList<I, M, L, B>,
) -> Vec<Vec<u8>> {
    let mut docs: Vec<Document<'_, ImageList<I, M, L, B>>> = vec![list.detail(), list.summary()];
    docs.extend((0..list.len()).filter_map(|i| list.show(i)));
    let mut out = Vec::new();
    for d in &docs {
        for style in Style::ALL {
            for ascii_only in [false, true] {
                let f = Format { style, ascii_only };
                let mut buf = vec![0u8; d.rendered_len(f)];
                let n = d.render(&mut buf, f).unwrap();
                assert_eq!(n, buf.len());
                out.push(buf);
            }
        }
    }
    out
}

/// The list renders exactly as the model stored into a new list of the same type.
fn check_against_rebuild<const I: usize, const M: usize, const L: usize, const B: usize>(
    list: &ImageList<I, M, L, B>,
    m: &Model,
    step: usize,
) {
    let mut fresh: Box<ImageList<I, M, L, B>> = Box::default();
    m.store(&mut *fresh)
        .expect("what the list holds fits a new one");
    assert_eq!(fresh.used(), list.used(), "step {step}");
    let (got, want) = (renderings(list), renderings(&*fresh));
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            g == w,
            "step {step}, rendering {k}:\n{}\nrebuilt:\n{}",
            String::from_utf8_lossy(g),
            String::from_utf8_lossy(w)
        );
    }
    assert_eq!(got.len(), want.len());
}

/// Runs `steps` ops from `next` on a list and the model, checking each result and the pool
/// after each op, and the renderings against a rebuild every `every` ops; returns how many ops
/// were accepted and refused.
fn run<const I: usize, const M: usize, const L: usize, const B: usize>(
    list: &mut ImageList<I, M, L, B>,
    m: &mut Model,
    steps: usize,
    mut next: impl FnMut(&Model) -> Op,
    every: usize,
) -> [usize; 2] {
    let cap = ImageList::<I, M, L, B>::CAPACITY;
    let mut tally = [0, 0];
    for step in 0..steps {
        let op = next(m);
        let want = predict(m, &op, cap);
        let got = apply(list, &op).map_err(|e| e.kind);
        assert_eq!(got, want, "step {step}: {op:?}");
        tally[usize::from(got.is_err())] += 1;
        // The pool holds exactly the live values: never more.
        assert_eq!(list.used(), usage(m), "step {step}: {op:?}");
        assert_eq!(list.size_extension(), m.size_extension, "step {step}");
        if (step + 1) % every == 0 {
            check_against_rebuild(list, m, step);
        }
    }
    check_against_rebuild(list, m, usize::MAX);
    tally
}

impl Model {
    fn empty() -> Model {
        Model {
            compute: String::new(),
            image_service: String::new(),
            tenant: String::new(),
            next_link: None,
            size_extension: false,
            images: vec![],
        }
    }

    /// The seed's endpoints, no image.
    fn start() -> Model {
        Model {
            compute: model::SEED_ENDPOINTS.0.into(),
            image_service: model::SEED_ENDPOINTS.1.into(),
            tenant: model::SEED_ENDPOINTS.2.into(),
            ..Model::empty()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The property test

/// Short strings mostly (so that images fit), sometimes long (so that capacities are reached).
fn short() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(model::text_char(), 0..6).prop_map(String::from_iter),
        1 => prop::collection::vec(model::text_char(), 40..120).prop_map(String::from_iter),
    ]
}

/// Keys from a few, so that updates find them and pushes collide.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        select(&["a", "b", "kernel_id", "é", ""][..]).prop_map(String::from),
        short()
    ]
}

fn link() -> impl Strategy<Value = LinkModel> {
    let media_type = (short(), short()).prop_map(|(a, b)| model::as_media_type(&a, &b));
    (short(), short(), prop::option::of(media_type))
}

fn small_image() -> impl Strategy<Value = ImageModel> {
    (
        model::image(),
        prop::option::of(short()),
        prop::collection::vec((key(), prop::option::of(short())), 0..3),
        prop_oneof![
            2 => Just(None),
            1 => prop::collection::vec(link(), 0..3).prop_map(Some),
        ],
    )
        .prop_map(|(mut img, name, mut meta, links)| {
            img.name = name;
            meta.sort();
            meta.dedup_by(|a, b| a.0 == b.0);
            img.metadata = meta;
            img.links = links;
            img
        })
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0usize..5;
    prop_oneof![
        3 => small_image().prop_map(|img| Op::Push(Box::new(img))),
        1 => i.clone().prop_map(Op::Remove),
        1 => (i.clone(), select(&Status::ALL[..])).prop_map(|(i, s)| Op::Status(i, s)),
        1 => (i.clone(), 0u8..=101).prop_map(|(i, p)| Op::Progress(i, p)),
        1 => (i.clone(), prop::option::of(model::timestamp())).prop_map(|(i, t)| Op::Created(i, t)),
        1 => (i.clone(), prop::option::of(model::timestamp())).prop_map(|(i, t)| Op::Updated(i, t)),
        2 => (i.clone(), prop::option::of(short())).prop_map(|(i, n)| Op::Name(i, n)),
        1 => (i.clone(), prop::option::of(any::<u64>())).prop_map(|(i, s)| Op::Size(i, s)),
        1 => (i.clone(), prop::option::of(select(&[DiskConfig::Auto, DiskConfig::Manual][..])))
            .prop_map(|(i, c)| Op::DiskConfig(i, c)),
        3 => (i.clone(), key(), prop::option::of(short())).prop_map(|(i, k, v)| Op::SetMeta(i, k, v)),
        1 => (i.clone(), key(), prop::option::of(short())).prop_map(|(i, k, v)| Op::PushMeta(i, k, v)),
        2 => (i.clone(), key()).prop_map(|(i, k)| Op::RemoveMeta(i, k)),
        1 => (i.clone(), prop::option::of(prop::collection::vec(link(), 0..3)))
            .prop_map(|(i, l)| Op::SetLinks(i, l)),
        1 => (i.clone(), link()).prop_map(|(i, l)| Op::PushLink(i, l)),
        1 => (i.clone(), 0usize..3).prop_map(|(i, k)| Op::RemoveLink(i, k)),
        1 => prop::option::of(short()).prop_map(Op::NextLink),
        1 => (short(), short(), short()).prop_map(|(c, g, t)| Op::Endpoints(c, g, t)),
        1 => any::<bool>().prop_map(Op::SizeExtension),
    ]
}

proptest! {
    #![proptest_config(model::config(48))]

    #[test]
    fn updates_match_a_std_model_and_a_rebuild_from_scratch(
        ops in prop::collection::vec(op(), 1..60)
    ) {
        let mut list: Box<ImageList<4, 10, 5, 400>> = Box::default();
        let mut m = Model::start();
        list.set_endpoints(m.endpoints()).unwrap();
        let mut ops = ops.into_iter();
        let steps = ops.len();
        run(&mut *list, &mut m, steps, |_| ops.next().unwrap(), 1);
    }
}

// ---------------------------------------------------------------------------------------------
// The soak test

/// xorshift64*: the same million updates on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len() as u64) as usize]
    }
    fn text(&mut self, max: u64) -> String {
        const PIECES: &[&str] = &["a", "é", "<&>", "\"", "\\", "😀", " ", "\t", "x", "中", "/"];
        let n = self.below(max + 1);
        (0..n).map(|_| self.pick(PIECES)).collect()
    }
    fn opt_text(&mut self, max: u64) -> Option<String> {
        (self.below(5) != 0).then(|| self.text(max))
    }
    fn date(&mut self) -> Option<Timestamp> {
        let d = self.below(28) as u8 + 1;
        (self.below(4) != 0)
            .then(|| Timestamp::new(2000 + self.below(30) as u16, 2, d, 3, 4, 5).unwrap())
    }
    fn link(&mut self) -> LinkModel {
        let t = self.opt_text(4).map(|t| model::as_media_type(&t, ""));
        (self.text(12), self.text(4), t)
    }
}

/// The keys an agent keeps updating, and a few it adds and drops.
const KEYS: &[&str] = &[
    "progress_note",
    "kernel_id",
    "ramdisk_id",
    "owner",
    "é",
    "tmp",
];

/// One update an agent makes: mostly statuses, progress, dates, names and metadata values;
/// sometimes images come and go, links change, the page turns.
fn soak_op(r: &mut Rng, images: usize) -> Op {
    let i = r.below(images as u64 + 1) as usize;
    match r.below(100) {
        0..=14 => Op::Progress(i, r.below(101) as u8),
        15..=24 => Op::Status(i, r.pick(&Status::ALL)),
        25..=32 => Op::Updated(i, r.date()),
        33..=35 => Op::Created(i, r.date()),
        36..=45 => Op::Name(i, r.opt_text(20)),
        46..=60 => Op::SetMeta(i, r.pick(KEYS).into(), r.opt_text(16)),
        61..=64 => Op::RemoveMeta(i, r.pick(KEYS).into()),
        65..=67 => Op::Size(i, (r.below(3) != 0).then(|| r.next())),
        68..=69 => Op::DiskConfig(
            i,
            r.pick(&[None, Some(DiskConfig::Auto), Some(DiskConfig::Manual)]),
        ),
        70..=72 => {
            let links = match r.below(3) {
                0 => None,
                n => Some((0..n - 1).map(|_| r.link()).collect()),
            };
            Op::SetLinks(i, links)
        }
        73..=74 => Op::PushLink(i, r.link()),
        75..=76 => Op::RemoveLink(i, r.below(3) as usize),
        77..=80 => Op::NextLink(r.opt_text(40)),
        81..=82 => Op::Remove(i),
        83..=89 => {
            let metadata = (0..r.below(4))
                .map(|k| (format!("k{k}"), r.opt_text(10)))
                .collect();
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(&r.next().to_le_bytes());
            Op::Push(Box::new(ImageModel {
                id: Uuid(id),
                name: r.opt_text(12),
                status: r.pick(&Status::ALL),
                progress: r.below(101) as u8,
                min_disk: r.below(40),
                min_ram: r.next(),
                created: r.date(),
                updated: r.date(),
                metadata,
                links: (r.below(4) == 0).then(|| (0..r.below(3)).map(|_| r.link()).collect()),
                server: (r.below(4) == 0).then_some(Uuid(id)),
                disk_config: None,
                size: None,
            }))
        }
        90..=91 => Op::PushMeta(i, r.pick(KEYS).into(), r.opt_text(8)),
        92 => Op::Endpoints(r.text(30), r.text(30), r.text(8)),
        93 => Op::SizeExtension(r.below(2) == 0),
        _ => Op::SetMeta(i, r.pick(KEYS).into(), None),
    }
}

#[test]
fn a_million_updates_to_one_list_keep_it_exact_and_its_pool_packed() {
    // Not timed: what is checked is that nothing leaks or drifts. Every update is checked
    // against the model (result and usage), every 10,000th state rendered in every style and
    // view and compared with the model stored into a new list.
    type Agent = ImageList<6, 24, 8, 1024>;
    let mut list: Box<Agent> = Box::default();
    let mut m = Model::start();
    list.set_endpoints(m.endpoints()).unwrap();
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let next = |m: &Model| soak_op(&mut r, m.images.len());
    let [accepted, refused] = run(&mut *list, &mut m, 1_000_000, next, 10_000);
    assert_eq!(accepted + refused, 1_000_000);
    // Most updates are taken; the refusals are the ones the model predicted (no such image or
    // entry, a duplicate key, progress above 100, a full list).
    assert!(accepted > 600_000, "{accepted} accepted, {refused} refused");
}
