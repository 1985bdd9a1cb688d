//! Unit names (SPEC §2.3): the built-in table, with its aliases and prefixes,
//! and the units a sheet declares with `unit NAME [= expr]`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::dimension::{Base, D_ENERGY, D_RATE, Dimension, USER_BASES};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitDef {
    /// How many base units one of this unit is.
    pub factor: f64,
    pub dim: Dimension,
}

const SI_UP: [(&str, f64); 8] = [
    ("k", 1e3),
    ("M", 1e6),
    ("G", 1e9),
    ("T", 1e12),
    ("P", 1e15),
    ("E", 1e18),
    ("Z", 1e21),
    ("Y", 1e24),
];

const DAY: f64 = 86_400.0;

fn built_in_table() -> HashMap<&'static str, UnitDef> {
    let mut table = HashMap::new();
    let mut add = |names: &[&'static str], factor: f64, dim: Dimension| {
        for name in names {
            table.insert(*name, UnitDef { factor, dim });
        }
    };
    let compute = Dimension::base(Base::Compute);
    let time = Dimension::base(Base::Time);
    let bytes = Dimension::base(Base::Information);
    let power = D_ENERGY.per(time).expect("small powers");

    add(&["FLOP", "FLOPs", "flop", "flops"], 1.0, compute);
    add(&["FLOPS"], 1.0, D_RATE);
    for (prefix, scale) in SI_UP {
        add(&[leak(format!("{prefix}FLOP"))], scale, compute);
        add(&[leak(format!("{prefix}FLOPS"))], scale, D_RATE);
    }

    add(&["s", "sec", "second", "seconds"], 1.0, time);
    add(&["ms"], 1e-3, time);
    add(&["us", "µs", "μs"], 1e-6, time);
    add(&["ns"], 1e-9, time);
    add(&["min", "minute", "minutes"], 60.0, time);
    add(&["h", "hr", "hour", "hours"], 3600.0, time);
    add(&["day", "days"], DAY, time);
    add(&["week", "weeks"], 7.0 * DAY, time);
    add(&["month", "months"], 30.4375 * DAY, time);
    add(&["year", "years", "yr"], 365.25 * DAY, time);

    add(&["USD"], 1.0, Dimension::base(Base::Money));
    add(
        &["param", "params", "parameter", "parameters"],
        1.0,
        Dimension::base(Base::Params),
    );
    add(&["token", "tokens"], 1.0, Dimension::base(Base::Tokens));
    // For serving rates and prices: `-> USD/Mtoken` (SPEC §3.3).
    for (prefix, scale) in [("k", 1e3), ("M", 1e6), ("B", 1e9), ("T", 1e12)] {
        add(
            &[
                leak(format!("{prefix}token")),
                leak(format!("{prefix}tokens")),
            ],
            scale,
            Dimension::base(Base::Tokens),
        );
    }
    add(
        &["GPU", "GPUs", "device", "devices", "chip", "chips"],
        1.0,
        Dimension::base(Base::Devices),
    );

    add(&["byte", "bytes"], 1.0, bytes);
    add(&["kB", "KB"], 1e3, bytes);
    for (prefix, scale) in &SI_UP[1..] {
        add(&[leak(format!("{prefix}B"))], *scale, bytes);
    }
    for (i, prefix) in ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].iter().enumerate() {
        add(
            &[leak(format!("{prefix}B"))],
            1024f64.powi(i as i32 + 1),
            bytes,
        );
    }
    add(&["bit", "bits"], 0.125, bytes);
    for (prefix, scale) in &SI_UP[..4] {
        add(&[leak(format!("{prefix}bit"))], scale / 8.0, bytes);
    }

    add(&["J"], 1.0, D_ENERGY);
    add(&["W"], 1.0, power);
    add(&["Wh"], 3600.0, D_ENERGY);
    for (prefix, scale) in &SI_UP[..4] {
        add(&[leak(format!("{prefix}J"))], *scale, D_ENERGY);
        add(&[leak(format!("{prefix}W"))], *scale, power);
        add(&[leak(format!("{prefix}Wh"))], scale * 3600.0, D_ENERGY);
    }

    let emissions = Dimension::base(Base::Emissions);
    add(&["gCO2e"], 1.0, emissions);
    add(&["kgCO2e"], 1e3, emissions);
    add(&["tCO2e"], 1e6, emissions);

    let length = Dimension::base(Base::Length);
    add(&["m"], 1.0, length);
    add(&["km"], 1e3, length);
    add(&["cm"], 1e-2, length);
    add(&["mm"], 1e-3, length);

    add(&["%"], 0.01, Dimension::NONE);
    table
}

/// The table is built once per process; its generated names live as long.
fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}

static BUILT_IN: LazyLock<HashMap<&'static str, UnitDef>> = LazyLock::new(built_in_table);

/// Every built-in unit name, for suggestions and completion.
pub fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.keys().copied()
}

/// The units a sheet knows: the built-ins and its own declarations.
#[derive(Debug, Clone, Default)]
pub struct Units {
    declared: HashMap<String, UnitDef>,
    /// Names of user-declared base dimensions, in slot order.
    bases: Vec<String>,
    /// Declarations that failed: literals using them are skipped quietly.
    failed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclareError {
    TooManyBases,
}

impl Units {
    pub fn lookup(&self, name: &str) -> Option<UnitDef> {
        self.declared
            .get(name)
            .copied()
            .or_else(|| BUILT_IN.get(name).copied())
    }

    /// `name` as the built-in table spells it, shared, or a copy of it if
    /// it is no built-in unit.
    pub fn shared_name(name: &str) -> Cow<'static, str> {
        match BUILT_IN.get_key_value(name) {
            Some((built_in, _)) => Cow::Borrowed(built_in),
            None => Cow::Owned(name.to_string()),
        }
    }

    /// [`Units::shared_name`] of a text built for the purpose: kept, not
    /// copied, when it is no built-in unit (`USD/GPU/h`).
    pub fn shared_text(text: String) -> Cow<'static, str> {
        match BUILT_IN.get_key_value(text.as_str()) {
            Some((built_in, _)) => Cow::Borrowed(built_in),
            None => Cow::Owned(text),
        }
    }

    pub fn is_built_in(name: &str) -> bool {
        BUILT_IN.contains_key(name)
    }

    pub fn is_unit(&self, name: &str) -> bool {
        self.lookup(name).is_some()
    }

    /// `unit NAME = expr`: a unit defined by a quantity.
    pub fn declare(&mut self, name: &str, definition: UnitDef) {
        self.declared.insert(name.to_string(), definition);
    }

    /// `unit NAME`: a new base dimension.
    pub fn declare_base(&mut self, name: &str) -> Result<UnitDef, DeclareError> {
        if self.bases.len() == USER_BASES {
            return Err(DeclareError::TooManyBases);
        }
        let def = UnitDef {
            factor: 1.0,
            dim: Dimension::user_base(self.bases.len()),
        };
        self.bases.push(name.to_string());
        self.declared.insert(name.to_string(), def);
        Ok(def)
    }

    pub fn mark_failed(&mut self, name: &str) {
        self.failed.push(name.to_string());
    }

    pub fn is_failed(&self, name: &str) -> bool {
        self.failed.iter().any(|f| f == name)
    }

    pub fn base_names(&self) -> &[String] {
        &self.bases
    }

    pub fn declared_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.declared.keys().map(String::as_str)
    }

    /// All unit names, built-in and declared.
    pub fn all_names<'a>(&'a self) -> impl Iterator<Item = &'a str> + 'a {
        built_in_names()
            .map(|name| name as &'a str)
            .chain(self.declared_names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::dimension::{D_BYTES, D_COMPUTE, D_TIME};

    fn lookup(name: &str) -> UnitDef {
        Units::default()
            .lookup(name)
            .unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn spec_units_and_aliases() {
        assert_eq!(lookup("FLOPs"), lookup("FLOP"));
        assert_eq!(lookup("TFLOP").factor, 1e12);
        assert_eq!(lookup("YFLOP").factor, 1e24);
        assert_eq!(lookup("EFLOPS").dim, D_RATE);
        assert_eq!(lookup("day").factor, 86_400.0);
        assert_eq!(lookup("month").factor, 30.4375 * 86_400.0);
        assert_eq!(lookup("year").factor, 365.25 * 86_400.0);
        assert_eq!(lookup("µs").factor, 1e-6);
        assert_eq!(lookup("GPUs"), lookup("chip"));
        assert_eq!(lookup("parameters"), lookup("param"));
        assert_eq!(lookup("kWh").factor, 3.6e6);
        assert_eq!(lookup("tCO2e").factor, 1e6);
        assert_eq!(lookup("%").factor, 0.01);
    }

    #[test]
    fn bytes_are_decimal_and_binary() {
        assert_eq!(lookup("GB").factor, 1e9);
        assert_eq!(lookup("KB"), lookup("kB"));
        assert_eq!(lookup("GiB").factor, 1024f64.powi(3));
        assert_eq!(lookup("bit").factor, 0.125);
        assert_eq!(lookup("Gbit").factor, 1e9 / 8.0);
        assert_eq!(lookup("TB").dim, D_BYTES);
    }

    #[test]
    fn a_lone_b_is_not_a_unit() {
        assert!(Units::default().lookup("B").is_none());
        assert!(Units::default().lookup("T").is_none());
    }

    #[test]
    fn declared_units() {
        let mut units = Units::default();
        units.declare(
            "EUR",
            UnitDef {
                factor: 1.08,
                dim: lookup("USD").dim,
            },
        );
        assert_eq!(units.lookup("EUR").unwrap().factor, 1.08);
        let step = units.declare_base("step").unwrap();
        assert_ne!(step.dim, D_COMPUTE);
        assert_ne!(step.dim, D_TIME);
        for i in 1..USER_BASES {
            units.declare_base(&format!("b{i}")).unwrap();
        }
        assert_eq!(
            units.declare_base("one_more"),
            Err(DeclareError::TooManyBases)
        );
    }
}
