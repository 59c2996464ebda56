//! Gates: `--fail-under SCORE` and `--require ID,...` turn an analysis into a pass or a fail
//! (exit code 1), for CI pipelines and screening scripts.
//!
//! ```
//! use skillgap::analysis::gate::Gate;
//! use skillgap::{analysis, input::Document, matcher::Matcher, taxonomy::Taxonomy};
//!
//! let taxonomy = Taxonomy::embedded().unwrap();
//! let gate = Gate::new(&taxonomy, Some(50.0), &["docker".to_string()]).unwrap();
//! let matcher = Matcher::new(&taxonomy);
//! let doc = Document::from_skill_list("Python, Docker");
//! let outcome = gate.check(&analysis::analyze(&matcher, &doc, taxonomy.default_role()));
//! assert!(!outcome.passed);
//! assert_eq!(outcome.failures.len(), 1, "the score is under 50, Docker is there");
//! ```

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::taxonomy::Taxonomy;

/// The gates requested on the command line, checked against the taxonomy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gate {
    /// Fail when the score is under this (0–100).
    pub fail_under: Option<f64>,
    /// Fail when one of these skill ids is not matched.
    pub require: Vec<String>,
}

/// Errors in the gate arguments (usage errors).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GateError {
    #[error("--fail-under: `{0}` is not a number from 0 to 100")]
    Score(String),
    #[error("--require: unknown skill id `{id}`{hint} (see `skillgap taxonomy list`)")]
    UnknownSkill { id: String, hint: String },
}

/// The outcome of the gates for one analysis; `failures` is empty when it passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateOutcome {
    pub passed: bool,
    pub failures: Vec<GateFailure>,
}

/// One failed gate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GateFailure {
    /// The score (the headline) is under `--fail-under`.
    Score {
        score: f64,
        threshold: f64,
        /// What the score is: market fit or role coverage.
        #[serde(default = "coverage")]
        headline: crate::analysis::Headline,
    },
    /// A `--require`d skill is not matched.
    Require { skill: String },
}

impl std::fmt::Display for GateFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GateFailure::Score {
                score,
                threshold,
                headline,
            } => write!(
                f,
                "score {score:.1} ({}) is under {threshold}",
                headline.label()
            ),
            GateFailure::Require { skill } => write!(f, "required skill `{skill}` not found"),
        }
    }
}

fn coverage() -> crate::analysis::Headline {
    crate::analysis::Headline::Coverage
}

/// Parse a `--fail-under` value: a number from 0 to 100.
pub fn parse_score(s: &str) -> Result<f64, GateError> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(GateError::Score(s.to_string())),
    }
}

impl Gate {
    /// Check the required ids against the taxonomy (trimmed, empty ones and repeats dropped).
    /// An unknown id is an error naming the closest known id.
    pub fn new(
        taxonomy: &Taxonomy,
        fail_under: Option<f64>,
        require: &[String],
    ) -> Result<Self, GateError> {
        let mut ids: Vec<String> = Vec::new();
        for id in require.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if taxonomy.skill(id).is_none() {
                return Err(GateError::UnknownSkill {
                    id: id.to_string(),
                    hint: taxonomy
                        .closest_skill(id)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default(),
                });
            }
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_string());
            }
        }
        Ok(Gate {
            fail_under,
            require: ids,
        })
    }

    /// Whether any gate was requested.
    pub fn is_active(&self) -> bool {
        self.fail_under.is_some() || !self.require.is_empty()
    }

    /// Check one analysis: the score first, then the required skills in the order given.
    pub fn check(&self, analysis: &Analysis) -> GateOutcome {
        let mut failures = Vec::new();
        if let Some(threshold) = self.fail_under {
            if analysis.score < threshold {
                failures.push(GateFailure::Score {
                    score: analysis.score,
                    threshold,
                    headline: analysis.headline,
                });
            }
        }
        for id in &self.require {
            if !analysis.matched.iter().any(|m| &m.id == id) {
                failures.push(GateFailure::Require { skill: id.clone() });
            }
        }
        GateOutcome {
            passed: failures.is_empty(),
            failures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::embedded().unwrap()
    }

    #[test]
    fn scores_outside_0_to_100_are_refused() {
        assert_eq!(parse_score("60"), Ok(60.0));
        assert_eq!(parse_score("0"), Ok(0.0));
        assert_eq!(parse_score("100"), Ok(100.0));
        assert_eq!(parse_score("42.5"), Ok(42.5));
        for bad in ["-1", "100.1", "abc", "NaN", "inf", ""] {
            assert!(parse_score(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_ids_suggest_the_closest() {
        let t = taxonomy();
        let e = Gate::new(&t, None, &["dokcer".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--require: unknown skill id `dokcer` (did you mean `docker`?) (see `skillgap taxonomy list`)"
        );
        let e = Gate::new(&t, None, &["k8s".into()]).unwrap_err();
        assert!(e.to_string().contains("did you mean `kubernetes`"), "{e}");
        let g = Gate::new(&t, None, &[" docker".into(), "".into(), "docker".into()]).unwrap();
        assert_eq!(g.require, ["docker"]);
        assert!(!Gate::default().is_active());
    }

    #[test]
    fn failure_messages() {
        let f = GateFailure::Score {
            score: 42.1,
            threshold: 60.0,
            headline: crate::analysis::Headline::Fit,
        };
        assert_eq!(f.to_string(), "score 42.1 (market fit) is under 60");
        let f = GateFailure::Require {
            skill: "docker".into(),
        };
        assert_eq!(f.to_string(), "required skill `docker` not found");
    }
}
