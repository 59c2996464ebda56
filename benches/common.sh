# Shared by the benchmark scripts, sourced from the repository root: the corpus they read, the
# binary they time, and a scratch folder.

# The LiveCareer resumes as one CSV: $CSV, or the default path beside the project. The corpus is
# local-only data, so without it the calling script says so and exits 0.
need_livecareer() {
    CSV=${CSV:-../shared/corpus/resumes/livecareer-text.csv}
    if [[ ! -f "$CSV" ]]; then
        echo "skip: $CSV not found (the LiveCareer corpus is local-only data)"
        exit 0
    fi
}

# $BIN, or a release build of this checkout.
release_bin() {
    if [[ -z "${BIN:-}" ]]; then
        cargo build --release --quiet
        BIN=$PWD/target/release/skillgap
    fi
}

# $WORK: a scratch folder removed when the script exits.
make_work() {
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
}
