//! The command line as a user meets it: help, a refused option, a conversion.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn transcode(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_transcode"))
        .args(args)
        .output()
        .expect("transcode runs")
}

#[test]
fn help_exits_0_and_prints_the_usage_once_on_stdout() {
    for flag in ["--help", "-h"] {
        let out = transcode(&[flag]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert_eq!(stdout.matches("usage: transcode").count(), 1, "{stdout}");
        assert!(out.stderr.is_empty(), "{flag}");
    }
}

#[test]
fn an_unknown_option_exits_2_with_one_complaint_and_the_usage() {
    let out = transcode(&["--colour"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr.starts_with("transcode: unknown option --colour\n"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("usage: transcode").count(), 1, "{stderr}");
}

#[test]
fn the_readme_command_turns_the_seed_into_nova_pretty_xml() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let seed = format!("{root}/tests/golden/images-details.compact.json");
    let out = transcode(&["--format", "xml", "--style", "pretty", &seed]);
    assert_eq!(out.status.code(), Some(0));
    let golden = std::fs::read(format!("{root}/tests/golden/images-details.pretty.xml")).unwrap();
    // The golden pretty files end with a newline that the document itself does not have.
    assert_eq!(out.stdout, golden[..golden.len() - 1]);
}

#[test]
fn measure_prints_the_smallest_list_type_that_holds_the_document() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let seed = format!("{root}/tests/golden/images-details.compact.json");
    let out = transcode(&["--measure", &seed]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ImageList<7, 19, 0, 527>\n"
    );
    // What is not JSON is refused, saying where.
    let bad = format!("{root}/tests/golden/images-details.pretty.xml");
    let out = transcode(&["--measure", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("transcode: document: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn dash_reads_standard_input_and_options_take_their_value_after_an_equals_sign() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let seed = std::fs::read(format!("{root}/tests/golden/images-details.compact.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_transcode"))
        .args(["--format=xml", "--style=pretty", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("transcode runs");
    child.stdin.take().unwrap().write_all(&seed).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let golden = std::fs::read(format!("{root}/tests/golden/images-details.pretty.xml")).unwrap();
    assert_eq!(out.stdout, golden[..golden.len() - 1]);
    // `-` is one input like a file: not two.
    let file = format!("{root}/tests/golden/images-details.compact.json");
    for args in [["-", "-"], ["-", file.as_str()], [file.as_str(), "-"]] {
        let out = transcode(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("transcode: more than one input file\n"),
            "{stderr}"
        );
    }
    // An option that takes no value does not take one after `=` either.
    let out = transcode(&["--ascii=yes"]);
    assert_eq!(out.status.code(), Some(2));
}
