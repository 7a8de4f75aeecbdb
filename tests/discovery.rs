//! Which files a walk of the folders finds: ignore files, the folders skipped, `exclude`,
//! and how config globs match, each in a scratch folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

mod common;
use common::Scratch;

/// A form with one finding (DM005, a password asked for).
const FORM: &str = "\
form: FORM_ID
fields:
  - id: pw
    type: select
    label: Password
    options: [a, b]
";

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

impl Run {
    /// The files with findings or errors, as `-q` names them, sorted and each once.
    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .stdout
            .lines()
            .filter_map(|l| l.split(':').next())
            .map(str::to_string)
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run datamin");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Writes `text` to `root/name`, making its folders.
fn write(root: &Path, name: &str, text: &str) {
    let p = root.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Writes a form with one finding to `root/name`.
fn form(root: &Path, name: &str) {
    write(root, name, &FORM.replace("FORM_ID", name));
}

/// A `.gitignore` above a git repository is not the repository's: git does not read it, and
/// neither does datamin (a `~/.gitignore` of `*`, as dotfiles repositories have, must not
/// turn datamin off under the home folder). Inside the repository, git's own rules hold:
/// the top's `.gitignore` applies to a subfolder walked, and not inside a nested repository.
#[test]
fn gitignore_files_apply_as_git_reads_them() {
    let s = Scratch::new("gitignore-above");
    let t = &s.0;
    write(t, ".gitignore", "*.yaml\n");
    let repo = t.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo, "datamin.yaml", "{}\n");
    write(&repo, ".gitignore", "generated/\nnested/*.yaml\n");
    form(&repo, "forms/a.yaml");
    form(&repo, "forms/generated/g.yaml");
    std::fs::create_dir_all(repo.join("nested/.git")).unwrap();
    form(&repo, "nested/n.yaml");
    let r = run(&repo, &["check", "-q", "."]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.files(), ["forms/a.yaml", "nested/n.yaml"], "{}", r.stdout);
    // A subfolder of the repository: its top's `.gitignore` still holds.
    let r = run(&repo.join("forms"), &["check", "-q", "."]);
    assert_eq!(r.files(), ["a.yaml"], "{}{}", r.stdout, r.stderr);

    // Outside any repository: a `.gitignore` in the folder walked holds, one above does not.
    let plain = t.join("plain");
    write(&plain, "datamin.yaml", "{}\n");
    write(&plain, "sub/.gitignore", "b.yaml\n");
    form(&plain, "sub/a.yaml");
    form(&plain, "sub/b.yaml");
    let r = run(&plain, &["check", "-q", "."]);
    assert_eq!(r.files(), ["sub/a.yaml"], "{}{}", r.stdout, r.stderr);
    let r = run(&plain.join("sub"), &["check", "-q", "."]);
    assert_eq!(r.files(), ["a.yaml"], "{}{}", r.stdout, r.stderr);
    write(&plain, ".gitignore", "*.yaml\n");
    let r = run(&plain.join("sub"), &["check", "-q", "."]);
    assert_eq!(r.files(), ["a.yaml"], "{}{}", r.stdout, r.stderr);
}

/// A folder `exclude` leaves out is not entered: an unreadable folder in it is no error (as
/// ruff, which does not walk excluded folders either). Named on the command line, a folder is
/// walked, and its files and folders still go through `exclude`.
#[cfg(unix)]
#[test]
fn excluded_folders_are_not_walked() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("excluded-not-walked");
    let p = &s.0;
    write(p, "datamin.yaml", "exclude: [vendor]\n");
    form(p, "a.yaml");
    form(p, "vendor/v.yaml");
    form(p, "vendor/secret/s.yaml");
    let secret = p.join("vendor/secret");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = ["check", "-q", "."];
    let r = if std::fs::read_dir(&secret).is_ok() {
        // Running as root: permissions do not stop it, but they stop `nobody`.
        let as_nobody = Command::new("runuser")
            .args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_datamin")])
            .args(args)
            .current_dir(p)
            .output();
        match as_nobody {
            Ok(out) if out.status.code() != Some(125) && out.status.code() != Some(126) => Run {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
            },
            // No `runuser`, or it cannot switch: nothing to see as root.
            _ => run(p, &args),
        }
    } else {
        run(p, &args)
    };
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.files(), ["a.yaml"], "{}{}", r.stdout, r.stderr);
    // Named, the folder is walked, and what `exclude` leaves out in it stays out.
    let r = run(p, &["check", "-q", "vendor"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}{}", r.stdout, r.stderr);
}

/// Virtual environments and tool caches are not walked: the JSON schemas of installed
/// packages (`jsonschema_specifications`' metaschemas) are not forms of the project. A
/// folder of those names named on the command line is walked all the same.
#[test]
fn virtual_environments_and_caches_are_skipped() {
    let s = Scratch::new("venv-skipped");
    let p = &s.0;
    write(p, "datamin.yaml", "{}\n");
    form(p, "forms/a.yaml");
    for dir in [
        ".venv",
        "venv",
        ".tox",
        "__pycache__",
        ".mypy_cache",
        ".nox",
    ] {
        form(p, &format!("{dir}/lib/site-packages/pkg/schema.yaml"));
    }
    let r = run(p, &["check", "-q", "."]);
    assert_eq!(r.files(), ["forms/a.yaml"], "{}{}", r.stdout, r.stderr);
    let r = run(p, &["check", "-q", ".venv"]);
    assert_eq!(
        r.files(),
        [".venv/lib/site-packages/pkg/schema.yaml"],
        "{}{}",
        r.stdout,
        r.stderr
    );
}

/// With a config outside the folder checked, a file's path for the config's globs is its path
/// from the config's folder, with `..`s: the same however the file was named (`vendor`,
/// `./vendor`, or found walking `.`), so `exclude: [vendor]` in `ci/datamin.yaml` never
/// matches `vendor/` beside `ci/`, and `exclude: [../vendor]` always does.
#[test]
fn globs_match_files_outside_the_config_folder_however_they_are_named() {
    let s = Scratch::new("outside-config");
    let p = &s.0;
    write(p, "datamin.yaml", "{}\n");
    form(p, "forms/a.yaml");
    form(p, "vendor/v.yaml");
    for (exclude, vendor_checked) in [("vendor", true), ("../vendor", false)] {
        write(p, "ci/datamin.yaml", &format!("exclude: [\"{exclude}\"]\n"));
        for named in ["vendor", "./vendor", "vendor/", "."] {
            let r = run(p, &["check", "-q", "--config", "ci/datamin.yaml", named]);
            let files = r.files();
            let vendor = files
                .iter()
                .any(|f| f.trim_start_matches("./") == "vendor/v.yaml");
            assert_eq!(
                vendor, vendor_checked,
                "exclude {exclude}, check {named}: {}{}",
                r.stdout, r.stderr
            );
        }
        // A file named: the same (with `--force-exclude`, which applies `exclude` to it).
        let r = run(
            p,
            &[
                "check",
                "-q",
                "--force-exclude",
                "--config",
                "ci/datamin.yaml",
                "./vendor/v.yaml",
            ],
        );
        assert_eq!(
            !r.files().is_empty(),
            vendor_checked,
            "{}{}",
            r.stdout,
            r.stderr
        );
    }
}

/// A `datamin.yaml` that is a folder or a broken link is a config that cannot be read (exit
/// 2, at its path), not passed over for the config of a folder above, which was not written
/// for these files; found walking, its project is not checked.
#[cfg(unix)]
#[test]
fn a_config_that_is_not_a_file_is_an_error() {
    let s = Scratch::new("config-not-file");
    let p = &s.0;
    write(p, "datamin.yaml", "exclude: [\"**/a.yaml\"]\n");
    std::fs::create_dir_all(p.join("folder/datamin.yaml")).unwrap();
    form(p, "folder/a.yaml");
    std::fs::create_dir_all(p.join("link")).unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", p.join("link/datamin.yaml")).unwrap();
    form(p, "link/a.yaml");
    for dir in ["folder", "link"] {
        let r = run(&p.join(dir), &["check", "-q", "."]);
        assert_eq!(r.code, 2, "{dir}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.starts_with("datamin.yaml: error: "),
            "{dir}: {}{}",
            r.stdout,
            r.stderr
        );
    }
    let r = run(p, &["check", "-q", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.files(),
        ["folder/datamin.yaml", "link/datamin.yaml"],
        "{}{}",
        r.stdout,
        r.stderr
    );
}

/// Globs that would silently match nothing meant are errors at their place in the config: an
/// empty one, a leading `!` (no negation) and a `\` that is a Windows separator (`\*` still escapes).
/// Brace alternatives of folder names name the folders, and what is under them, as a folder
/// name does.
#[test]
fn glob_pitfalls_are_errors_and_braces_name_folders() {
    let s = Scratch::new("glob-pitfalls");
    let p = &s.0;
    form(p, "forms/a.yaml");
    form(p, "vendor/v.yaml");
    form(p, "third/t.yaml");
    for (exclude, column) in [("!vendor", 18), ("vendor\\\\v.yaml", 18), ("../x", 0)] {
        write(
            p,
            "datamin.yaml",
            &format!("exclude: [forms, \"{exclude}\"]\n"),
        );
        let r = run(p, &["check", "-q", "."]);
        if column == 0 {
            assert_eq!(r.code, 1, "{exclude}: {}{}", r.stdout, r.stderr);
            continue;
        }
        assert_eq!(r.code, 2, "{exclude}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout
                .starts_with(&format!("datamin.yaml:1:{column}: error: glob `")),
            "{exclude}: {}{}",
            r.stdout,
            r.stderr
        );
    }
    write(p, "datamin.yaml", "exclude: [\"\\\\!x\", \"x\\\\*\"]\n");
    let r = run(p, &["check", "-q", "."]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    write(p, "datamin.yaml", "exclude: [\"{vendor,third}\"]\n");
    let r = run(p, &["check", "-q", "."]);
    assert_eq!(r.files(), ["forms/a.yaml"], "{}{}", r.stdout, r.stderr);
    // An empty glob would be the folder itself: every file included, or none checked.
    for key in ["include", "exclude"] {
        write(p, "datamin.yaml", &format!("{key}: [forms, \"\"]\n"));
        let r = run(p, &["check", "-q", "."]);
        assert_eq!(r.code, 2, "{key}: {}{}", r.stdout, r.stderr);
        let column = key.len() + 11;
        assert!(
            r.stdout.starts_with(&format!(
                "datamin.yaml:1:{column}: error: empty glob (write the files it is for"
            )),
            "{key}: {}{}",
            r.stdout,
            r.stderr
        );
    }
}

/// The default `include` is case-sensitive, as ruff's: `FORM.YAML` is not walked (a glob
/// of the config's takes it, and the formats read it, as they do when it is named).
#[test]
fn default_include_is_case_sensitive_and_a_config_glob_takes_upper_case() {
    let s = Scratch::new("upper-case-extensions");
    let t = &s.0;
    write(t, "datamin.yaml", "{}\n");
    form(t, "forms/A.YAML");
    form(t, "forms/c.yaml");
    let r = run(t, &["check", "-q", "."]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.files(), ["forms/c.yaml"], "{}", r.stdout);
    write(
        t,
        "datamin.yaml",
        "include: [\"**/*.yaml\", \"**/*.YAML\"]\n",
    );
    let r = run(t, &["check", "-q", "."]);
    assert_eq!(
        r.files(),
        ["forms/A.YAML", "forms/c.yaml"],
        "{}{}",
        r.stdout,
        r.stderr
    );
}
