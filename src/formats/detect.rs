//! Picking a document's format, by its content and its path.
//!
//! Every format answers [`Detection`] for a document. One `Strong` answer wins; several are
//! ambiguous; with none, a known non-form (GitHub's `config.yml`) is said so, and `Weak`
//! answers are only hints: the file is not read, and `formats:` in datamin.yaml can name its
//! format. A format named there is used without asking the others (its own detector can still
//! say the file is not a form).

use super::{names, Document, Format, FORMATS};

/// A format's answer about one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// Not this format.
    No,
    /// Could be this format, but the content does not say so clearly enough to read it
    /// without being told (`formats:` in datamin.yaml).
    Weak,
    /// This format, by its content or its path.
    Strong,
    /// A file of this format's world that is not a form; the reason says what it is.
    NotAForm(&'static str),
}

impl Detection {
    /// `Strong` if the content says so, else `No`: for formats told apart by content alone.
    pub fn strong_if(yes: bool) -> Detection {
        if yes {
            Detection::Strong
        } else {
            Detection::No
        }
    }
}

/// The outcome of detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    Format(&'static Format),
    /// A known file that is not a form (skipped, never an error).
    NotAForm(&'static str),
    /// Several formats claim the file.
    Ambiguous(Vec<&'static Format>),
    /// No format claims the file; these could (weakly).
    Unknown(Vec<&'static Format>),
}

/// Picks the format of `doc`; `forced` is the format `formats:` in datamin.yaml names for it.
pub fn detect(doc: &Document<'_>, forced: Option<&'static Format>) -> Detected {
    if let Some(f) = forced {
        return match (f.detect)(doc) {
            Detection::NotAForm(why) => Detected::NotAForm(why),
            _ => Detected::Format(f),
        };
    }
    // datamin's own config, named by pre-commit when it changes: read as the project's
    // config (its errors are reported there), not a form.
    if crate::config::FILE_NAMES.contains(&doc.file_name()) {
        // `.datamin.yaml` beside a `datamin.yaml` is read by no one: the first name wins.
        let shadowed = doc.file_name() == crate::config::FILE_NAMES[1]
            && doc
                .path
                .parent()
                .is_some_and(|d| d.join(crate::config::FILE_NAMES[0]).exists());
        return Detected::NotAForm(if shadowed {
            "datamin's config file, not read: `datamin.yaml` beside it is the project's config"
        } else {
            "datamin's config file (read as the project's config)"
        });
    }
    let answers: Vec<(&'static Format, Detection)> =
        FORMATS.iter().map(|f| (*f, (f.detect)(doc))).collect();
    let with = |d: Detection| -> Vec<&'static Format> {
        answers
            .iter()
            .filter(|(_, a)| *a == d)
            .map(|(f, _)| *f)
            .collect()
    };
    let strong = with(Detection::Strong);
    match strong.len() {
        1 => return Detected::Format(strong[0]),
        0 => {}
        _ => return Detected::Ambiguous(strong),
    }
    if let Some(why) = answers.iter().find_map(|(_, a)| match a {
        Detection::NotAForm(why) => Some(*why),
        _ => None,
    }) {
        return Detected::NotAForm(why);
    }
    Detected::Unknown(with(Detection::Weak))
}

fn list(formats: &[&Format]) -> String {
    let names: Vec<String> = formats.iter().map(|f| format!("`{}`", f.name)).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

impl Detected {
    /// Which formats could have it, if detection could not decide.
    fn candidates(&self) -> Option<String> {
        match self {
            Detected::Ambiguous(fs) => Some(format!("could be {}", list(fs))),
            Detected::Unknown(fs) if !fs.is_empty() => Some(format!("might be {}", list(fs))),
            _ => None,
        }
    }

    /// Why a file is not read, in one line (for `--verbose` and the JSON report).
    pub fn reason(&self) -> String {
        match (self, self.candidates()) {
            (Detected::Format(f), _) => format!("a {} file", f.name),
            (Detected::NotAForm(why), _) => (*why).to_string(),
            (_, Some(c)) => format!("{c}: name its format under `formats:` in datamin.yaml"),
            (_, None) => "not in a format datamin reads".to_string(),
        }
    }

    /// The error for a file named on the command line that is not read.
    pub fn message(&self) -> String {
        match self.candidates() {
            Some(c) => format!("cannot tell this file's format: it {c}"),
            None => "not a file datamin can read".to_string(),
        }
    }

    /// What to do about a file that is not read.
    pub fn help(&self) -> String {
        format!(
            "datamin reads these formats: {}; map a file to its format under `formats:` in datamin.yaml, e.g. `formats: {{\"forms/*.json\": jsonschema}}`",
            names().join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::formats::{by_name, parse};
    use crate::syntax::Limits;

    fn detect_text(path: &str, text: &str, forced: Option<&str>) -> Detected {
        let p = Path::new(path);
        let root = parse(p, text, 0, Limits::default()).expect("parses");
        let forced = forced.map(|n| by_name(n).expect("known format"));
        detect(&Document::new(p, &root), forced)
    }

    fn name(d: &Detected) -> &str {
        match d {
            Detected::Format(f) => f.name,
            _ => "-",
        }
    }

    #[test]
    fn by_content() {
        let form = "form: contact\nfields: []\n";
        assert_eq!(name(&detect_text("x.yaml", form, None)), "form");
        let retention = "retention: []\n";
        assert_eq!(name(&detect_text("x.yaml", retention, None)), "retention");
        let issue =
            "name: Bug\ndescription: d\nbody:\n  - type: input\n    attributes: {label: x}\n";
        assert_eq!(name(&detect_text("forms/bug.yml", issue, None)), "github");
        let schema =
            r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {}}"#;
        assert_eq!(name(&detect_text("x.json", schema, None)), "jsonschema");
        let object = r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#;
        assert_eq!(name(&detect_text("x.json", object, None)), "jsonschema");
    }

    #[test]
    fn by_path() {
        // A broken issue form is still an issue form where GitHub looks for them.
        let broken = "name: Bug\nbdy: []\n";
        assert_eq!(
            name(&detect_text(".github/ISSUE_TEMPLATE/bug.yml", broken, None)),
            "github"
        );
        assert_eq!(
            detect_text("forms/bug.yml", broken, None),
            Detected::Unknown(vec![])
        );
        // And where GitHub looks for discussion category forms.
        assert_eq!(
            name(&detect_text(
                ".github/DISCUSSION_TEMPLATE/ideas.yml",
                "labels: [idea]\n",
                None
            )),
            "github"
        );
        let props = r#"{"properties": {"a": {"type": "string"}}}"#;
        assert_eq!(
            name(&detect_text("forms/contact.schema.json", props, None)),
            "jsonschema"
        );
    }

    #[test]
    fn known_non_forms() {
        let chooser = "blank_issues_enabled: false\ncontact_links: []\n";
        for path in [".github/ISSUE_TEMPLATE/config.yml", "config.yml"] {
            assert!(matches!(
                detect_text(path, chooser, None),
                Detected::NotAForm(_)
            ));
        }
        // Even when `formats:` says every file there is an issue form.
        assert!(matches!(
            detect_text(".github/ISSUE_TEMPLATE/config.yml", chooser, Some("github")),
            Detected::NotAForm(_)
        ));
        let ui = r#"{"email": {"ui:widget": "email"}, "ui:order": ["*"]}"#;
        assert!(matches!(
            detect_text("forms/ui.json", ui, None),
            Detected::NotAForm(_)
        ));
    }

    #[test]
    fn weak_and_ambiguous() {
        // `properties` alone: a JSON Schema fragment, or something else entirely.
        let props = r#"{"properties": {"a": {"type": "string"}}}"#;
        let d = detect_text("forms/contact.json", props, None);
        assert_eq!(d, Detected::Unknown(vec![by_name("jsonschema").unwrap()]));
        assert!(
            d.reason().starts_with("might be `jsonschema`: "),
            "{}",
            d.reason()
        );
        assert!(d.help().contains("formats:"));
        assert_eq!(
            name(&detect_text(
                "forms/contact.json",
                props,
                Some("jsonschema")
            )),
            "jsonschema"
        );
        // A datamin form saved under a JSON Schema's name.
        let form = r#"{"form": "contact", "fields": []}"#;
        let d = detect_text("forms/contact.schema.json", form, None);
        assert_eq!(
            d,
            Detected::Ambiguous(vec![
                by_name("form").unwrap(),
                by_name("jsonschema").unwrap()
            ])
        );
        assert!(
            d.reason().contains("`form` or `jsonschema`"),
            "{}",
            d.reason()
        );
        assert_eq!(
            name(&detect_text(
                "forms/contact.schema.json",
                form,
                Some("form")
            )),
            "form"
        );
    }

    #[test]
    fn processors_of_other_tools_are_not_retention() {
        // An OpenTelemetry Collector config: `processors:` is a mapping of its own.
        let otel = "receivers:\n  otlp: {}\nprocessors:\n  batch:\nservice: {}\n";
        assert_eq!(
            detect_text("otel-collector-config.yaml", otel, None),
            Detected::Unknown(vec![])
        );
        // An Elasticsearch ingest pipeline: a list, but of no processor datamin knows.
        let pipeline = "processors:\n  - set: {field: a, value: b}\n";
        assert_eq!(
            detect_text("pipeline.yaml", pipeline, None),
            Detected::Unknown(vec![by_name("retention").unwrap()])
        );
        for retention in [
            "processors:\n  - id: helpdesk\n",
            "processors:\n  - name: CRM\n  - id: crm\n",
            "processors: []\n",
            "retention:\n  batch:\n",
        ] {
            assert_eq!(
                name(&detect_text("x.yaml", retention, None)),
                "retention",
                "{retention}"
            );
        }
    }

    #[test]
    fn nothing_known() {
        let d = detect_text("ci.yaml", "jobs:\n  build: {}\n", None);
        assert_eq!(d, Detected::Unknown(vec![]));
        assert!(d.help().contains("form, retention, github, jsonschema"));
    }
}
