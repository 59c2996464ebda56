use super::*;

fn load(files: &[(&str, &str)]) -> Result<Taxonomy, TaxonomyError> {
    let sources = files
        .iter()
        .map(|(n, t)| Source {
            name: (*n).to_string(),
            text: (*t).to_string(),
        })
        .collect();
    Taxonomy::from_sources(sources, None, true)
}

const PROVIDERS: &str = r#"
[[provider]]
id = "official-docs"
name = "Official documentation"

[[provider]]
id = "coursera"
name = "Coursera"
search = "https://www.coursera.org/search?query={query}"
"#;

fn skill(id: &str, extra: &str) -> String {
    format!(
        "[[skill]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"languages\"\nimportance = \"core\"\ndescription = \"d\"\naliases = [\"{id}\"]\n{extra}\n"
    )
}

fn message(e: TaxonomyError) -> String {
    e.to_string()
}

#[test]
fn shipped_taxonomy_passes_full_validation_from_disk() {
    // The embedded copy skips compiling reject patterns at start-up; this checks them all.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("skills");
    let t = Taxonomy::from_path(&dir).expect("skills/ validates");
    assert!(t.skills.len() > 50);
}

#[test]
fn embedded_taxonomy_is_valid() {
    let t = Taxonomy::embedded().expect("embedded taxonomy loads");
    assert!(t.skills.len() > 50);
    assert_eq!(t.default_role().id, "backend-developer");
}

#[test]
fn unknown_key_names_file_line_and_field() {
    let text = format!("{}imporance = \"core\"\n", skill("go", ""));
    let e = message(load(&[("p.toml", PROVIDERS), ("bad.toml", &text)]).unwrap_err());
    assert!(e.starts_with("bad.toml:9: field `imporance`"), "{e}");
}

#[test]
fn bad_importance_value_is_reported() {
    let text = skill("go", "").replace("\"core\"", "\"cor\"");
    let e = message(load(&[("bad.toml", &text)]).unwrap_err());
    assert!(e.starts_with("bad.toml:5: field `importance`"), "{e}");
}

#[test]
fn duplicate_ids_and_aliases_are_rejected() {
    let text = format!("{}{}", skill("go", ""), skill("go", ""));
    let e = message(load(&[("dup.toml", &text)]).unwrap_err());
    assert!(e.contains("duplicate skill id `go`"), "{e}");
    assert!(e.starts_with("dup.toml:10:"), "{e}");

    let text = format!(
        "{}{}",
        skill("go", ""),
        skill("golang", "").replace("aliases = [\"golang\"]", "aliases = [\"GO\"]")
    );
    let e = message(load(&[("dup.toml", &text)]).unwrap_err());
    assert!(e.contains("already an alias of `go`"), "{e}");
}

#[test]
fn unknown_prerequisite_and_cycles_are_rejected() {
    let text = skill("a", "prerequisites = [\"zz\"]");
    let e = message(load(&[("p.toml", &text)]).unwrap_err());
    assert!(e.contains("unknown prerequisite `zz`"), "{e}");

    let text = format!(
        "{}{}{}",
        skill("a", "prerequisites = [\"b\"]"),
        skill("b", "prerequisites = [\"c\"]"),
        skill("c", "prerequisites = [\"a\"]")
    );
    let e = message(load(&[("cycle.toml", &text)]).unwrap_err());
    assert!(e.contains("prerequisite cycle: a -> b -> c -> a"), "{e}");
}

#[test]
fn courses_need_known_providers_and_real_urls() {
    let text = skill("go", "[[skill.courses]]\nprovider = \"nowhere\"\n");
    let e = message(load(&[("p.toml", PROVIDERS), ("c.toml", &text)]).unwrap_err());
    assert!(e.contains("unknown provider `nowhere`"), "{e}");

    let text = skill("go", "[[skill.courses]]\nprovider = \"official-docs\"\n");
    let e = message(load(&[("p.toml", PROVIDERS), ("c.toml", &text)]).unwrap_err());
    assert!(e.contains("needs a url"), "{e}");

    let text = skill(
        "go",
        "[[skill.courses]]\nprovider = \"coursera\"\nquery = \"go lang\"\n",
    );
    let t = load(&[("p.toml", PROVIDERS), ("c.toml", &text)]).unwrap();
    assert_eq!(
        t.skills[0].courses[0].url,
        "https://www.coursera.org/search?query=go%20lang"
    );
}

#[test]
fn bad_regex_is_reported() {
    let text = skill("go", "").replace(
        "aliases = [\"go\"]",
        "aliases = [{ text = \"Go\", reject_after = ['(('] }]",
    );
    let e = message(load(&[("r.toml", &text)]).unwrap_err());
    assert!(e.contains("bad regex"), "{e}");
}

#[test]
fn roles_reference_existing_skills_and_default_to_all() {
    let text = format!(
        "{}[[role]]\nid = \"r\"\nname = \"R\"\ndescription = \"d\"\nskills = [\"go\", \"nope\"]\n",
        skill("go", "")
    );
    let e = message(load(&[("r.toml", &text)]).unwrap_err());
    assert!(e.contains("role `r`: unknown skill `nope`"), "{e}");

    let t = load(&[("s.toml", &skill("go", ""))]).unwrap();
    assert_eq!(t.default_role().id, "all");
    assert_eq!(t.default_role().skills.len(), 1);
}

#[test]
fn the_compiled_taxonomy_is_the_one_the_toml_files_give() {
    // build.rs compiles skills/*.toml; loading the same files now must give the same taxonomy,
    // field for field (a stale or lossy compiled form would differ).
    let compiled = serde_json::to_string(&Taxonomy::embedded().unwrap()).unwrap();
    assert_eq!(compiled, Taxonomy::compile(EMBEDDED_SKILLS).unwrap());
    let t = Taxonomy::embedded().unwrap();
    for (i, s) in t.skills.iter().enumerate() {
        assert_eq!(t.index_of(&s.id), Some(i), "by_id is rebuilt");
        let ids: Vec<&str> = s
            .prerequisite_index
            .iter()
            .map(|&p| t.skills[p].id.as_str())
            .collect();
        assert_eq!(ids, s.prerequisites, "{}", s.id);
    }
}

#[test]
fn phrases_are_validated_with_file_line_and_field() {
    let cases = [
        (
            "phrases = [{ groups = [[\"migrat*\"]], within = 3 }]",
            "two to four groups",
        ),
        (
            "phrases = [{ groups = [[\"migrat*\"], [\"data\"]], within = 0 }]",
            "between 1 and 12",
        ),
        (
            "phrases = [{ groups = [[\"Migrate\"], [\"data\"]], within = 3 }]",
            "lower-case ASCII",
        ),
        (
            "phrases = [{ groups = [[\"mi*\"], [\"data\"]], within = 3 }]",
            "three letters",
        ),
        (
            "phrases = [{ groups = [[\"data\"], [\"data\"]], within = 3 }]",
            "in two groups",
        ),
        (
            "phrases = [{ groups = [[\"migrat*\"], []], within = 3 }]",
            "group 2 is empty",
        ),
        (
            "phrases = [{ groups = [[\"migrat*\"], [\"data\"]], near = 3 }]",
            "unknown field",
        ),
    ];
    for (extra, want) in cases {
        let text = skill("go", extra);
        let e = message(load(&[("p.toml", PROVIDERS), ("bad.toml", &text)]).unwrap_err());
        assert!(e.starts_with("bad.toml:8:"), "{extra}: {e}");
        assert!(e.contains("phrases") && e.contains(want), "{extra}: {e}");
    }
    let ok = skill(
        "go",
        "phrases = [{ groups = [[\"migrat*\"], [\"data\", \"db\"]], within = 3 }]",
    );
    let t = load(&[("p.toml", PROVIDERS), ("ok.toml", &ok)]).unwrap();
    assert_eq!(t.skills[0].phrases[0].groups[1], vec!["data", "db"]);
}

#[test]
fn shadows_must_contain_an_alias_and_not_be_one() {
    let text = skill("node", "shadows = [\"Node-RED\"]");
    let t = load(&[("p.toml", PROVIDERS), ("ok.toml", &text)]).unwrap();
    assert_eq!(t.skills[0].shadows, vec!["Node-RED"]);
    for (extra, want) in [
        ("shadows = [\"Deno\"]", "contain it"),
        ("shadows = [\"node\"]", "contain it"),
        ("shadows = [\"nodes\"]", "contain it"),
    ] {
        let e = message(
            load(&[("p.toml", PROVIDERS), ("bad.toml", &skill("node", extra))]).unwrap_err(),
        );
        assert!(
            e.starts_with("bad.toml:8: field `shadows`") && e.contains(want),
            "{extra}: {e}"
        );
    }
    let clash = format!(
        "{}{}",
        skill("node", "shadows = [\"node red\"]"),
        skill("red", "aliases = [\"Node Red\"]").replace("aliases = [\"red\"]\n", "")
    );
    let e = message(load(&[("p.toml", PROVIDERS), ("bad.toml", &clash)]).unwrap_err());
    assert!(e.contains("is an alias of `red`"), "{e}");
}
