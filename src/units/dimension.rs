//! A dimension is a vector of integer powers of base dimensions: cheap to
//! copy and compare, with room for a few user-declared bases (`unit step`).

/// Built-in base dimensions, in the order their powers are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Compute,
    Time,
    Money,
    Params,
    Tokens,
    Devices,
    Information,
    Energy,
    Emissions,
    Length,
}

impl Base {
    pub const ALL: [Base; 10] = [
        Base::Compute,
        Base::Time,
        Base::Money,
        Base::Params,
        Base::Tokens,
        Base::Devices,
        Base::Information,
        Base::Energy,
        Base::Emissions,
        Base::Length,
    ];

    /// The unit every value of this base is stored in.
    pub fn unit(self) -> &'static str {
        match self {
            Base::Compute => "FLOP",
            Base::Time => "s",
            Base::Money => "USD",
            Base::Params => "param",
            Base::Tokens => "token",
            Base::Devices => "GPU",
            Base::Information => "byte",
            Base::Energy => "J",
            Base::Emissions => "gCO2e",
            Base::Length => "m",
        }
    }
}

const BUILT_IN: usize = Base::ALL.len();
/// How many bases users may declare with `unit NAME`.
pub const USER_BASES: usize = 6;
const SLOTS: usize = BUILT_IN + USER_BASES;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dimension([i8; SLOTS]);

impl Dimension {
    pub const NONE: Dimension = Dimension([0; SLOTS]);

    pub const fn base(base: Base) -> Dimension {
        let mut powers = [0; SLOTS];
        powers[base as usize] = 1;
        Dimension(powers)
    }

    /// A product of base powers, usable in constants:
    /// `Dimension::of(&[(Base::Energy, 1), (Base::Time, -1)])` is W.
    pub const fn of(powers: &[(Base, i8)]) -> Dimension {
        let mut out = [0; SLOTS];
        let mut i = 0;
        while i < powers.len() {
            out[powers[i].0 as usize] += powers[i].1;
            i += 1;
        }
        Dimension(out)
    }

    /// The `index`th user-declared base.
    pub fn user_base(index: usize) -> Dimension {
        let mut powers = [0; SLOTS];
        powers[BUILT_IN + index] = 1;
        Dimension(powers)
    }

    pub fn is_none(self) -> bool {
        self == Dimension::NONE
    }

    pub fn power(self, base: Base) -> i8 {
        self.0[base as usize]
    }

    /// The product of two dimensions, or `None` if a power leaves `i8`.
    pub fn times(self, other: Dimension) -> Option<Dimension> {
        self.combine(other, |a, b| a.checked_add(b))
    }

    pub fn per(self, other: Dimension) -> Option<Dimension> {
        self.combine(other, |a, b| a.checked_sub(b))
    }

    pub fn pow(self, exponent: i32) -> Option<Dimension> {
        let mut out = [0i8; SLOTS];
        for (o, p) in out.iter_mut().zip(self.0) {
            *o = i8::try_from(i32::from(p).checked_mul(exponent)?).ok()?;
        }
        Some(Dimension(out))
    }

    pub fn recip(self) -> Dimension {
        let mut out = self.0;
        for p in &mut out {
            *p = -*p;
        }
        Dimension(out)
    }

    fn combine(self, other: Dimension, f: impl Fn(i8, i8) -> Option<i8>) -> Option<Dimension> {
        let mut out = [0i8; SLOTS];
        for ((o, a), b) in out.iter_mut().zip(self.0).zip(other.0) {
            *o = f(a, b)?;
        }
        Some(Dimension(out))
    }

    /// Each non-zero base with its power, built-ins first.
    pub fn factors(self) -> impl Iterator<Item = (usize, i8)> {
        self.0.into_iter().enumerate().filter(|(_, p)| *p != 0)
    }

    /// In base units, numerator then denominator: `FLOP/s`, `USD/GPU/s`,
    /// `1/s`. `user_names` names the user-declared bases.
    pub fn to_unit_string(self, user_names: &[String]) -> String {
        let name = |slot: usize| -> String {
            match Base::ALL.get(slot) {
                Some(base) => base.unit().to_string(),
                None => user_names
                    .get(slot - BUILT_IN)
                    .cloned()
                    .unwrap_or_else(|| format!("base{slot}")),
            }
        };
        let positive: Vec<(usize, i16)> = self
            .factors()
            .filter(|(_, p)| *p > 0)
            .map(|(s, p)| (s, i16::from(p)))
            .collect();
        let negative: Vec<(usize, i16)> = self
            .factors()
            .filter(|(_, p)| *p < 0)
            .map(|(s, p)| (s, i16::from(p)))
            .collect();
        if positive.is_empty() && negative.is_empty() {
            return "1".into();
        }
        let term = |(slot, power): (usize, i16)| {
            if power == 1 {
                name(slot)
            } else {
                format!("{}^{power}", name(slot))
            }
        };
        // With nothing above the line, negative powers (`s^-1`) keep the
        // unit in a form llmc parses.
        if positive.is_empty() {
            return negative.into_iter().map(term).collect::<Vec<_>>().join("*");
        }
        let mut out = positive.into_iter().map(term).collect::<Vec<_>>().join("*");
        for (slot, power) in negative {
            out.push('/');
            out.push_str(&term((slot, -power)));
        }
        out
    }

    /// What a planner calls this dimension, when it has a common name.
    pub fn common_name(self) -> Option<&'static str> {
        let known: [(&str, Dimension); 14] = [
            ("compute", D_COMPUTE),
            ("a rate of compute", D_RATE),
            (
                "a rate of compute per device",
                D_RATE.per(D_DEVICES).unwrap(),
            ),
            ("time", D_TIME),
            ("money", D_MONEY),
            ("a parameter count", Dimension::base(Base::Params)),
            ("a token count", Dimension::base(Base::Tokens)),
            ("a device count", D_DEVICES),
            ("device time", D_DEVICES.times(D_TIME).unwrap()),
            ("information", D_BYTES),
            ("bandwidth", D_BYTES.per(D_TIME).unwrap()),
            ("energy", D_ENERGY),
            ("power", D_ENERGY.per(D_TIME).unwrap()),
            ("a plain number", Dimension::NONE),
        ];
        known.into_iter().find(|(_, d)| *d == self).map(|(n, _)| n)
    }
}

pub const D_COMPUTE: Dimension = Dimension::base(Base::Compute);
pub const D_TIME: Dimension = Dimension::base(Base::Time);
pub const D_MONEY: Dimension = Dimension::base(Base::Money);
pub const D_DEVICES: Dimension = Dimension::base(Base::Devices);
pub const D_BYTES: Dimension = Dimension::base(Base::Information);
pub const D_ENERGY: Dimension = Dimension::base(Base::Energy);
pub const D_PARAMS: Dimension = Dimension::base(Base::Params);
pub const D_TOKENS: Dimension = Dimension::base(Base::Tokens);
pub const D_EMISSIONS: Dimension = Dimension::base(Base::Emissions);
pub const D_RATE: Dimension = Dimension::of(&[(Base::Compute, 1), (Base::Time, -1)]);
pub const D_POWER: Dimension = Dimension::of(&[(Base::Energy, 1), (Base::Time, -1)]);
pub const D_BANDWIDTH: Dimension = Dimension::of(&[(Base::Information, 1), (Base::Time, -1)]);
/// GPU-hours: devices × time.
pub const D_DEVICE_TIME: Dimension = Dimension::of(&[(Base::Devices, 1), (Base::Time, 1)]);
/// Grid carbon intensity: emissions per energy.
pub const D_INTENSITY: Dimension = Dimension::of(&[(Base::Emissions, 1), (Base::Energy, -1)]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algebra() {
        let rate = D_COMPUTE.per(D_TIME).unwrap();
        assert_eq!(rate, D_RATE);
        assert_eq!(D_ENERGY.per(D_TIME), Some(D_POWER));
        assert_eq!(D_DEVICES.times(D_TIME), Some(D_DEVICE_TIME));
        assert_eq!(rate.times(D_TIME).unwrap(), D_COMPUTE);
        assert_eq!(D_TIME.pow(2).unwrap().power(Base::Time), 2);
        assert_eq!(D_TIME.recip().power(Base::Time), -1);
        assert!(D_RATE.per(D_RATE).unwrap().is_none());
    }

    #[test]
    fn a_gpu_count_cancels_a_per_gpu_figure() {
        let per_gpu_price = D_MONEY.per(D_DEVICES).unwrap().per(D_TIME).unwrap();
        let gpu_hours = D_DEVICES.times(D_TIME).unwrap();
        assert_eq!(gpu_hours.times(per_gpu_price).unwrap(), D_MONEY);
    }

    #[test]
    fn overflowing_powers_are_reported() {
        let big = D_TIME.pow(100).unwrap();
        assert_eq!(big.times(big), None);
        assert_eq!(D_TIME.pow(1000), None);
    }

    #[test]
    fn unit_strings() {
        assert_eq!(D_RATE.to_unit_string(&[]), "FLOP/s");
        assert_eq!(D_TIME.recip().to_unit_string(&[]), "s^-1");
        assert_eq!(D_TIME.pow(-128).unwrap().to_unit_string(&[]), "s^-128");
        assert_eq!(Dimension::NONE.to_unit_string(&[]), "1");
        let per_gpu_hour = D_MONEY.per(D_DEVICES).unwrap().per(D_TIME).unwrap();
        assert_eq!(per_gpu_hour.to_unit_string(&[]), "USD/s/GPU");
        let step = Dimension::user_base(0);
        assert_eq!(step.to_unit_string(&["step".into()]), "step");
        assert_eq!(D_TIME.pow(2).unwrap().to_unit_string(&[]), "s^2");
    }
}
