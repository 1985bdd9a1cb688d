//! Generated inputs for the property tests: arbitrary text, a soup of the
//! language's own words, mutated example scripts, and programs that mostly
//! parse, so that evaluation, units, clusters and the built-in functions get
//! exercised too.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;

/// Words, numbers, units, accelerators, operators and punctuation of the
/// language, for a soup that gets past the first character more often than
/// random text does.
pub const VOCABULARY: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "8",
    "16",
    "405",
    "15.6",
    "0.5",
    "1e3",
    "3.8e25",
    "1e308",
    "1e-320",
    "16,000",
    "16_000",
    "1,2",
    ".",
    "_",
    ",",
    "e",
    "E",
    "K",
    "k",
    "M",
    "B",
    "T",
    "%",
    "$",
    "FLOP",
    "FLOPs",
    "FLOPS",
    "TFLOP",
    "TFLOPS",
    "PFLOP",
    "EFLOP",
    "GPU",
    "GPUs",
    "h",
    "hours",
    "days",
    "s",
    "ms",
    "min",
    "years",
    "tokens",
    "token",
    "params",
    "param",
    "GB",
    "GiB",
    "TB",
    "kB",
    "B",
    "bytes",
    "bit",
    "J",
    "kWh",
    "MWh",
    "W",
    "kW",
    "USD",
    "gCO2e",
    "tCO2e",
    "m",
    "H100",
    "A100",
    "V100",
    "h100",
    "B200",
    "TPUv5p",
    "MI300X",
    "bf16",
    "fp8",
    "fp64",
    "fp4",
    "+",
    "-",
    "*",
    "/",
    "^",
    "^-1",
    "^2",
    "->",
    "to",
    " to ",
    "x",
    " x ",
    "×",
    "·",
    "@",
    " @ ",
    ":",
    ".",
    ",",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    ";",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "\"full\"",
    "#",
    "# c\n",
    "assert",
    "assert ",
    "unit",
    "unit ",
    "accelerator",
    "model",
    "model ",
    "fn",
    "fn ",
    "a",
    "b",
    "a = ",
    "b = ",
    "c",
    "x1",
    "cluster",
    "ans",
    "_",
    ".gpus",
    ".bf16",
    ".memory",
    ".mfu",
    ".peak",
    "train_flops",
    "train_flops(",
    "sqrt",
    "min(",
    "energy(",
    "chinchilla_optimal(",
    "hardware_flops",
    "recompute = \"full\"",
    "\n",
    "\n",
    "\r\n",
    " ",
    " ",
    " ",
    " ",
    "\t",
    "é",
    "µs",
    "\u{0}",
    "\u{200b}",
    "🦀",
];

pub fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => select(VOCABULARY).prop_map(str::to_string),
        1 => "[0-9]{1,20}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

pub fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<char>(), 0..100).prop_map(String::from_iter),
        proptest::collection::vec(any::<u8>(), 0..100)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

/// The shipped example scripts, read once.
pub fn example_scripts() -> &'static [String] {
    static SCRIPTS: OnceLock<Vec<String>> = OnceLock::new();
    SCRIPTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("examples/")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "llmc"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("a readable example"))
            .collect()
    })
}

/// One edit of a script: replace `len` characters at `at` (both taken
/// modulo the script's length) with `insert`.
pub fn mutate(script: &str, edits: &[(usize, usize, String)]) -> String {
    let mut chars: Vec<char> = script.chars().collect();
    for (at, len, insert) in edits {
        let at = at % (chars.len() + 1);
        let end = (at + len % 8).min(chars.len());
        chars.splice(at..end, insert.chars());
    }
    chars.into_iter().collect()
}

pub fn edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    let insert = prop_oneof![
        3 => select(VOCABULARY).prop_map(str::to_string),
        1 => Just(String::new()),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec((any::<usize>(), any::<usize>(), insert), 1..6)
}

// Generated programs: statements that mostly parse, so that evaluation,
// units, clusters and the built-in functions get exercised too.

const NUMBERS: &[&str] = &[
    "0", "1", "2", "6", "8", "16000", "16_000", "16,000", "0.5", ".5", "405B", "15.6T", "8k",
    "46.8M", "3.8e25", "1e-9", "1e300", "1e308", "5e-324", "2.5", "1000000", "999999",
];

const UNITS: &[&str] = &[
    "FLOP",
    "TFLOPS",
    "FLOP/s",
    "EFLOP/s",
    "s",
    "h",
    "days",
    "years",
    "ms",
    "USD",
    "params",
    "tokens",
    "GPU",
    "GPU*h",
    "GPU·h",
    "bytes",
    "GB",
    "GiB",
    "TB/s",
    "J",
    "kWh",
    "W",
    "MW",
    "gCO2e",
    "tCO2e",
    "%",
    "tokens/s/GPU",
    "FLOP/param/token",
    "TFLOPS/GPU",
    "USD/GPU/h",
    "s^2",
    "h^-1",
    "GPU^64",
    "m",
    "step",
    "EUR",
];

const NAMES: &[&str] = &[
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "H100",
    "m",
    "ans",
    "_",
    "nothing",
    "H100.bf16",
    "H100.fp8",
    "V100.fp8",
    "H100.memory",
    "H100.tdp",
    "H100.bandwidth",
    "A100.peak",
    "TPUv3.bf16",
    "MI250X.fp64",
    "Gaudi3.memory",
    "Z9.bf16",
];

const FUNCTIONS: &[&str] = &[
    "train_flops",
    "hardware_flops",
    "forward_flops",
    "chinchilla_tokens",
    "chinchilla_optimal",
    "chinchilla_loss",
    "energy",
    "emissions",
    "sqrt",
    "abs",
    "ceil",
    "floor",
    "round",
    "min",
    "max",
    "ln",
    "log10",
    "exp",
    "g",
    "nothing",
];

const KEYWORDS: &[&str] = &[
    "attention = \"full\"",
    "attention = \"causal\"",
    "recompute = \"full\"",
    "recompute = \"selective\"",
    "fit = \"hoffmann\"",
    "fit = \"besiroglu\"",
    "pue = 1.2",
    "nonsense = 1",
];

/// Calls that are well-typed, so that the formulas get evaluated.
const CALLS: &[&str] = &[
    "train_flops(405B params, 15.6T tokens)",
    "train_flops(m, 15T tokens, attention = \"full\")",
    "hardware_flops(m, 1T tokens, recompute = \"selective\")",
    "forward_flops(70B params, 1M tokens)",
    "chinchilla_tokens(70B params)",
    "chinchilla_optimal(1e24 FLOP)",
    "chinchilla_optimal(1e24 FLOP, fit = \"hoffmann\")",
    "chinchilla_loss(70B params, 1.4T tokens)",
    "energy(16000 x H100, 30 days)",
    "energy(16000 x H100, 30 days, pue = 1.1)",
    "sqrt(4 s^2)",
    "min(1 h, 30 min)",
    "max(2, 3)",
    "ln(2)",
    "exp(710)",
    "g(2, 3)",
];

fn leaf() -> impl Strategy<Value = String> {
    let number = || select(NUMBERS);
    let unit = || select(UNITS);
    let accelerator = select(&["H100", "A100", "V100", "B200", "TPUv5e", "c", "a"][..]);
    let precision = select(&["", "", ":bf16", ":fp8", ":fp64", ":fp4", ":tf32"][..]);
    let utilization = select(&["", " @ 38%", " @ 400 TFLOPS", " @ 150%", " @ 0%", " @ a"][..]);
    let member = select(
        &[
            "gpus",
            "rate",
            "peak",
            "mfu",
            "memory",
            "power",
            "bandwidth",
            "tdp",
        ][..],
    );
    prop_oneof![
        9 => number().prop_map(str::to_string),
        15 => (number(), unit()).prop_map(|(n, u)| format!("{n} {u}")),
        3 => (number(), unit()).prop_map(|(n, u)| format!("{n}{u}")),
        6 => (number(), number(), unit()).prop_map(|(n, m, u)| format!("({n} {u} + {m} {u})")),
        6 => (number(), select(&["", "/GPU/h", "/h", "M"][..])).prop_map(|(n, u)| format!("${n}{u}")),
        9 => select(NAMES).prop_map(str::to_string),
        1 => select(&["\"full\"", "\"\"", "\"a\\\"b\""][..]).prop_map(str::to_string),
        6 => (number(), accelerator.clone(), precision, utilization)
            .prop_map(|(n, a, p, u)| format!("{n} x {a}{p}{u}")),
        2 => (select(&["16000", "8", "0.5", "1e300"][..]), accelerator, member)
            .prop_map(|(n, a, m)| format!("({n} x {a}).{m}")),
        6 => select(CALLS).prop_map(str::to_string),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            4 => (inner.clone(), select(&["*", "/"][..]), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            2 => (inner.clone(), select(&["+", "-"][..]), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            1 => inner.clone().prop_map(|a| format!("({a})")),
            1 => inner.clone().prop_map(|a| format!("-{a}")),
            1 => (inner.clone(), select(&["2", "-1", "3", "0.5", "64", "1e3"][..]))
                .prop_map(|(a, p)| format!("({a})^{p}")),
            2 => (inner.clone(), select(UNITS)).prop_map(|(a, u)| format!("({a} -> {u})")),
            1 => (
                select(FUNCTIONS),
                proptest::collection::vec(inner.clone(), 0..3),
                proptest::option::of(select(KEYWORDS))
            )
                .prop_map(|(f, args, keyword)| {
                    let mut args = args;
                    args.extend(keyword.map(str::to_string));
                    format!("{f}({})", args.join(", "))
                }),
        ]
    })
}

const HEADERS: &[&str] = &[
    "unit step\nunit EUR = 1.08 USD\nfn g(p, q) = p * q",
    "model m { params = 405B params; layers = 126; d_model = 16384; heads = 128; kv_heads = 8; seq = 8192 tokens; vocab = 128K }",
    "accelerator Z9 { bf16 = 500 TFLOPS; fp8 = 1000 TFLOPS; memory = 96 GB; bandwidth = 4 TB/s; tdp = 600 W }",
];

/// A few declarations, cells `a` to `f` (which may use each other), and
/// asserts, bare expressions and odd statements.
pub fn program() -> impl Strategy<Value = String> {
    let header = proptest::sample::subsequence(HEADERS, 0..=HEADERS.len());
    let cells = proptest::collection::vec(
        (expression(), proptest::option::weighted(0.2, select(UNITS))),
        1..7,
    );
    let extra = prop_oneof![
        2 => expression(),
        2 => (expression(), select(&["<", "<=", ">", ">=", "==", "!="][..]), expression())
            .prop_map(|(l, op, r)| format!("assert {l} {op} {r}, \"message\"")),
        1 => (select(&["x", "to", "H100", "h", "a"][..]), expression())
            .prop_map(|(name, e)| format!("{name} = {e}")),
        1 => expression().prop_map(|e| format!("unit thing = {e}")),
        1 => expression().prop_map(|e| format!("fn k(p, q) = {e} + p * q")),
        1 => expression().prop_map(|e| format!("accelerator Z8 {{ bf16 = {e}; memory = 96 GB }}")),
        1 => expression().prop_map(|e| format!("model n {{ params = {e}; layers = 2; d_model = 64; heads = 4; seq = 128 tokens }}")),
    ];
    let extras = proptest::collection::vec(extra, 0..3);
    (header, cells, extras).prop_map(|(header, cells, extras)| {
        let mut lines: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        for (i, (expr, unit)) in cells.into_iter().enumerate() {
            let name = ["a", "b", "c", "d", "e", "f"][i];
            match unit {
                Some(unit) => lines.push(format!("{name} = {expr} -> {unit}")),
                None => lines.push(format!("{name} = {expr}")),
            }
        }
        lines.extend(extras);
        lines.join("\n")
    })
}
