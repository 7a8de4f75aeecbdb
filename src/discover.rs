//! Finds the files to check: explicit files always, folders walked with include/exclude
//! globs (relative to the config's folder), ignore files honoured as git reads them (none
//! above a repository), `.git`, `target`, `node_modules`, virtual environments and caches
//! skipped ([`SKIP_DIRS`]), symlinks not followed. The files found are sorted (by path), so
//! runs are stable.

use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::diag::Error;
use crate::source::display_path;

/// Folders never walked into (a folder named on the command line is walked all the same):
/// those of version control, and those tools fill with other people's files (virtual
/// environments, whose packages ship JSON schemas, caches, dependencies, build output),
/// as ruff skips by default; not `dist` or `build`, where forms may be kept.
const SKIP_DIRS: [&str; 21] = [
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".jj",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "node_modules",
    "target",
    "venv",
];

/// A file to check, and whether the user named it (so it must be read whatever its format).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

/// The path relative to the config root, for glob matching: outside it, with `..`s
/// (`../vendor/a.yaml`), so that it matches the same globs however it was spelled
/// (`vendor`, `./vendor`, or found walking `.`).
pub fn relative<'p>(root: &Path, path: &'p Path) -> std::borrow::Cow<'p, Path> {
    let (abs, abs_root) = (normalize(path), normalize(root));
    if let Ok(rel) = abs.strip_prefix(&abs_root) {
        return std::borrow::Cow::Owned(rel.to_path_buf());
    }
    // Through a symbolic link (a config named by its link, paths by where they really are):
    // compare where both really are.
    if let (Ok(p), Ok(r)) = (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        if let Ok(rel) = p.strip_prefix(r) {
            return std::borrow::Cow::Owned(rel.to_path_buf());
        }
    }
    // Up from the root to where both paths part, then down.
    let common = abs
        .components()
        .zip(abs_root.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Nothing in common (another drive): nothing better than the path itself.
        return std::borrow::Cow::Borrowed(path);
    }
    let mut rel: PathBuf =
        std::iter::repeat_n(Component::ParentDir, abs_root.components().count() - common).collect();
    rel.extend(abs.components().skip(common));
    std::borrow::Cow::Owned(rel)
}

/// An absolute path with `.` and `..` resolved lexically (symbolic links are not followed:
/// the baseline names files as the user sees them), but for a `..` after a symbolic link,
/// which goes up from where the link leads, as the OS does when it opens the path.
pub fn normalize(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if out.is_symlink() {
                    if let Ok(real) = std::fs::canonicalize(&out) {
                        out = real;
                    }
                }
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub fn discover(paths: &[PathBuf], config: &Config, errors: &mut Vec<Error>) -> Vec<Candidate> {
    discover_projects(paths, config, errors, None)
}

/// [`discover`]; with `nested`, a folder below a walked one that holds its own config file
/// (`datamin.yaml`, `.datamin.yaml`) is a project of its own: it is not walked here but added
/// to `nested` with its config file (unless `config` excludes that file), to be checked with
/// it.
pub fn discover_projects(
    paths: &[PathBuf],
    config: &Config,
    errors: &mut Vec<Error>,
    mut nested: Option<&mut Vec<(PathBuf, PathBuf)>>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push(Error::file(
                display_path(p),
                format!("cannot read: {}", io_reason(&e)),
            )),
            Ok(m) if m.is_file() => out.push(Candidate {
                path: p.clone(),
                explicit: true,
            }),
            Ok(m) if m.is_dir() => walk(p, config, &mut out, errors, nested.as_deref_mut()),
            // A device, a pipe, a socket: named, so said, not skipped without a word.
            Ok(_) => errors.push(Error::file(
                display_path(p),
                "not a file or a folder (a device, a pipe or a socket)",
            )),
        }
    }
    out.sort();
    out.dedup_by(|a, b| {
        if a.path == b.path {
            b.explicit |= a.explicit;
            true
        } else {
            false
        }
    });
    out
}

fn walk(
    dir: &Path,
    config: &Config,
    out: &mut Vec<Candidate>,
    errors: &mut Vec<Error>,
    nested: Option<&mut Vec<(PathBuf, PathBuf)>>,
) {
    let split = nested.is_some();
    // Every file found is `dir` joined with a plain suffix (links are not followed), so its
    // path relative to the config's folder is that of `dir` joined with the suffix: worked
    // out once here, not for each file (outside the config's folder that resolved the links
    // of both paths, a dozen system calls a file).
    let dir_rel = config.relative(dir).into_owned();
    // A folder `exclude` leaves out whole is not entered (what is under it is not read: an
    // unreadable folder there is no error).
    let excluded = (!config.exclude_folders.is_empty()).then(|| {
        let (config, dir, dir_rel) = (config.clone(), dir.to_path_buf(), dir_rel.clone());
        move |path: &Path| match path.strip_prefix(&dir) {
            Ok(suffix) if plain(suffix) => config.excludes_folder(&dir_rel.join(suffix)),
            _ => config.excludes_folder(&config.relative(path)),
        }
    });
    let roots = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let found_roots = std::sync::Arc::clone(&roots);
    // Ignore files as git reads them: in a git repository, those from its top down, each
    // repository nested in it with its own (the `ignore` crate knows where a repository
    // starts only when it requires one); outside one, those of the folders walked, none
    // above (a `~/.gitignore` of `*` must not hide everything under the home folder).
    let repository = git_repository(dir);
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(repository.is_some())
        .parents(repository == Some(Repository::Below))
        .follow_links(false)
        .filter_entry(move |e| {
            if !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            if SKIP_DIRS.iter().any(|s| e.file_name() == *s) {
                return false;
            }
            if excluded.as_ref().is_some_and(|excluded| excluded(e.path())) {
                return false;
            }
            // A folder with a config of its own is a project of its own (one or two stats
            // per folder, only when projects are split).
            let own = (split && e.depth() > 0)
                .then(|| Config::in_folder(e.path()))
                .flatten();
            match own {
                Some(config_file) => {
                    if let Ok(mut r) = found_roots.lock() {
                        r.push((e.path().to_path_buf(), config_file));
                    }
                    false
                }
                None => true,
            }
        })
        .build();
    let start = out.len();
    let mut all_plain = true;
    for entry in walker {
        match entry {
            Err(e) => errors.push(walk_error(&e)),
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = e.into_path();
                if is_config(&path) {
                    continue;
                }
                let rel = match path.strip_prefix(dir) {
                    Ok(suffix) if plain(suffix) => std::borrow::Cow::Owned(dir_rel.join(suffix)),
                    _ => {
                        all_plain = false;
                        config.relative(&path)
                    }
                };
                if config.include.is_match(&*rel) && !config.exclude.is_match(&*rel) {
                    out.push(Candidate {
                        path,
                        explicit: false,
                    });
                }
            }
        }
    }
    if let Some(nested) = nested {
        let found = std::mem::take(&mut *roots.lock().unwrap_or_else(|p| p.into_inner()));
        for (root, config_file) in found {
            // Excluded by this project's globs (a vendored tree), it is not checked at all.
            if !config.exclude.is_match(&*config.relative(&config_file)) {
                nested.push((root, config_file));
            }
        }
    }
    // Sorted here, where every path is `dir` joined with plain names: byte by byte with the
    // separator lowest is then the order of paths (component by component), for a fraction
    // of its cost; `discover` merges the sorted runs of its folders and files.
    let found = &mut out[start..];
    if all_plain {
        found.sort_unstable_by(|a, b| by_bytes(&a.path, &b.path));
    } else {
        found.sort();
    }
}

/// Where a folder is in a git repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repository {
    /// At its top (the folder holds `.git`).
    Top,
    /// Below its top.
    Below,
}

/// Whether `dir` (where it really is) is in a git repository: it or a folder above it holds
/// `.git` (a folder, or a file in worktrees and submodules).
fn git_repository(dir: &Path) -> Option<Repository> {
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| normalize(dir));
    let has_git = |d: &Path| std::fs::symlink_metadata(d.join(".git")).is_ok();
    if has_git(&real) {
        return Some(Repository::Top);
    }
    real.ancestors()
        .skip(1)
        .any(has_git)
        .then_some(Repository::Below)
}

/// `a` and `b` compared byte by byte, a separator below any other byte: for paths that
/// differ only in plain names after a common start, the order of [`Path`]'s `Ord`.
fn by_bytes(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: u8| {
        if std::path::is_separator(char::from(c)) {
            0
        } else {
            u16::from(c) + 1
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Walked paths share long starts: skip the equal bytes first (keys of equal bytes are
    // equal), then compare keys from the first difference on.
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    a[same..]
        .iter()
        .map(|c| key(*c))
        .cmp(b[same..].iter().map(|c| key(*c)))
}

/// Only names: no `.`, `..` or root.
fn plain(p: &Path) -> bool {
    p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn is_config(path: &Path) -> bool {
    crate::config::is_config_name(path)
}

fn walk_error(e: &ignore::Error) -> Error {
    let mut path = String::new();
    let mut err = e;
    // Unwrap the path and depth wrappers to reach the cause.
    loop {
        match err {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = display_path(p);
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => err = inner,
            _ => break,
        }
    }
    let message = match err {
        ignore::Error::Loop { child, .. } => format!("symlink loop at {}", display_path(child)),
        ignore::Error::Io(io) => format!("cannot read: {}", io_reason(io)),
        other => other.to_string(),
    };
    Error::file(path, message)
}

/// An I/O error in words, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paths that differ in plain names after a common start sort byte by byte (separator
    /// lowest) exactly as `Path` sorts them, names with bytes either side of `/` included.
    #[test]
    fn bytes_with_the_separator_lowest_sort_as_paths_do() {
        let names = ["a", "a.b", "a-b", "a b", "a0", "ab", "b", "é", "a~", "a!"];
        let mut paths = Vec::new();
        for x in names {
            paths.push(PathBuf::from(format!("./root/{x}")));
            for y in names {
                paths.push(PathBuf::from(format!("./root/{x}/{y}")));
                paths.push(PathBuf::from(format!("./root/{x}/{y}/z.yml")));
            }
        }
        let mut by_path = paths.clone();
        by_path.sort();
        paths.reverse();
        paths.sort_unstable_by(|a, b| by_bytes(a, b));
        assert_eq!(paths, by_path);
    }

    #[test]
    fn walked_files_come_out_in_path_order() {
        let dir = std::env::temp_dir().join(format!("datamin-walk-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in [
            "a/b.yml",
            "a.b/c.yml",
            "a-b.yml",
            "a/b/c.yml",
            "ab.yml",
            "a/b.b.yml",
        ] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap_or(&dir)).unwrap_or_default();
            std::fs::write(p, "x: 1\n").unwrap_or_default();
        }
        let config = Config::defaults(dir.clone());
        let mut errors = Vec::new();
        let found: Vec<PathBuf> = discover(std::slice::from_ref(&dir), &config, &mut errors)
            .into_iter()
            .map(|c| c.path)
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(errors.is_empty());
    }
}
