//! Human names for taxonomy slugs, shared by every renderer.

/// "version-control-and-collaboration" → "Version control and collaboration"; known acronyms
/// keep their spelling ("ai-and-data" → "AI and data", "apis-and-integration" → "APIs and
/// integration"). Whole words only: a name is never cut.
pub fn category_name(slug: &str) -> String {
    let words: Vec<String> = slug
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let special = match w {
                "ai" => Some("AI"),
                "api" => Some("API"),
                "apis" => Some("APIs"),
                "devops" => Some("DevOps"),
                "ci" => Some("CI"),
                "cd" => Some("CD"),
                "sql" => Some("SQL"),
                "nosql" => Some("NoSQL"),
                "ml" => Some("ML"),
                _ => None,
            };
            match special {
                Some(s) => s.to_string(),
                None if i == 0 => {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| {
                        f.to_uppercase().collect::<String>() + c.as_str()
                    })
                }
                None => w.to_string(),
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::category_name;

    #[test]
    fn slugs_become_words() {
        assert_eq!(
            category_name("version-control-and-collaboration"),
            "Version control and collaboration"
        );
        assert_eq!(category_name("ai-and-data"), "AI and data");
        assert_eq!(
            category_name("apis-and-integration"),
            "APIs and integration"
        );
        assert_eq!(category_name("devops-and-cloud"), "DevOps and cloud");
        assert_eq!(category_name("languages"), "Languages");
    }
}
