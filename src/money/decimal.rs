//! Exact decimal numbers of any size: no floats anywhere.
//!
//! Numbers whose digits fit in an `i128` (38 digits) are held inline, so that
//! reading "200 miljard" allocates nothing; longer ones fall back to a digit
//! string. Every value has one form (the inline one whenever it fits), so
//! derived equality is numeric equality.

use std::cmp::Ordering;

/// An exact decimal number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dec {
    /// `m × 10^exp`, with `m` not divisible by 10 (zero is `m = 0, exp = 0`)
    /// and `|m| < 10^38`.
    Small { m: i128, exp: i32 },
    /// A number of more than 38 digits.
    Big(Big),
}

impl Default for Dec {
    fn default() -> Self {
        Dec::Small { m: 0, exp: 0 }
    }
}

/// `10^38`: inline mantissas stay below it.
const LIMIT: i128 = 100_000_000_000_000_000_000_000_000_000_000_000_000;

/// `10^e` for `0 <= e <= 38`.
fn pow10(e: u32) -> Option<i128> {
    10i128.checked_pow(e)
}

impl Dec {
    /// Zero.
    pub fn zero() -> Dec {
        Dec::default()
    }

    /// A non-negative integer.
    pub fn from_u64(n: u64) -> Dec {
        Dec::small(n as i128, 0)
    }

    /// `10^e`.
    #[cfg(test)]
    pub fn pow10(e: i32) -> Dec {
        Dec::small(1, e)
    }

    /// The canonical form of `m × 10^exp` (|m| < 10^38).
    fn small(mut m: i128, mut exp: i32) -> Dec {
        if m == 0 {
            return Dec::zero();
        }
        // Most values fit in 64 bits, where dividing by ten is a multiply
        // rather than a call into the 128-bit division routine.
        if let Ok(mut s) = i64::try_from(m) {
            while s % 10 == 0 {
                s /= 10;
                exp = exp.saturating_add(1);
            }
            return Dec::Small { m: i128::from(s), exp };
        }
        while m % 10 == 0 {
            m /= 10;
            exp = exp.saturating_add(1);
        }
        Dec::Small { m, exp }
    }

    /// The canonical form of a digit-string number.
    fn from_big(b: Big) -> Dec {
        if b.digits.len() > 38 {
            return Dec::Big(b);
        }
        let m = b.digits.iter().rev().fold(0i128, |m, &d| m * 10 + d as i128);
        Dec::small(if b.neg { -m } else { m }, b.exp)
    }

    /// The digit-string form.
    fn to_big(&self) -> Big {
        match self {
            Dec::Big(b) => b.clone(),
            &Dec::Small { m, exp } => {
                let mut digits = Vec::new();
                let mut u = m.unsigned_abs();
                while u > 0 {
                    digits.push((u % 10) as u8);
                    u /= 10;
                }
                Big { digits, exp, neg: m < 0 }
            }
        }
    }

    /// Parses a plain decimal such as `"12"`, `"0.5"`, `"-3.25"`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Dec> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        Dec::from_parts(int, frac).map(|d| if neg { d.neg() } else { d })
    }

    /// The number whose integer digits are `int` and fraction digits `frac`
    /// (ASCII digits only; either may be empty).
    pub fn from_parts(int: &str, frac: &str) -> Option<Dec> {
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let significant = int.trim_start_matches('0').len() + frac.len();
        if significant > 38 || frac.len() > i32::MAX as usize {
            return Big::from_parts(int, frac).map(Dec::from_big);
        }
        let m = int.bytes().chain(frac.bytes()).fold(0i128, |m, b| m * 10 + (b - b'0') as i128);
        Some(Dec::small(m, -(frac.len() as i32)))
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        matches!(self, Dec::Small { m: 0, .. })
    }

    /// The negated number.
    pub fn neg(self) -> Dec {
        match self {
            Dec::Small { m, exp } => Dec::Small { m: -m, exp },
            Dec::Big(b) => Dec::Big(b.neg()),
        }
    }

    /// `self × 10^e`.
    pub fn shift(self, e: i32) -> Dec {
        match self {
            Dec::Small { m, exp } if m != 0 => Dec::Small { m, exp: exp.saturating_add(e) },
            Dec::Small { .. } => self,
            Dec::Big(b) => Dec::Big(b.shift(e)),
        }
    }

    /// Both mantissas at the smaller exponent, when that fits.
    fn aligned(&self, other: &Dec) -> Option<(i128, i128, i32)> {
        let (&Dec::Small { m: a, exp: ea }, &Dec::Small { m: b, exp: eb }) = (self, other) else {
            return None;
        };
        let exp = ea.min(eb);
        let up = |m: i128, e: i32| -> Option<i128> {
            let k = u32::try_from(e.checked_sub(exp)?).ok()?;
            let r = m.checked_mul(pow10(k)?)?;
            (r.abs() < LIMIT).then_some(r)
        };
        Some((up(a, ea)?, up(b, eb)?, exp))
    }

    /// `self + other`.
    pub fn add(&self, other: &Dec) -> Dec {
        if self.is_zero() {
            return other.clone();
        }
        if other.is_zero() {
            return self.clone();
        }
        if let Some((a, b, exp)) = self.aligned(other) {
            let s = a + b; // both below 10^38 in size: no overflow in i128
            if s.abs() < LIMIT {
                return Dec::small(s, exp);
            }
        }
        Dec::from_big(self.to_big().add(&other.to_big()))
    }

    /// `self × other`.
    pub fn mul(&self, other: &Dec) -> Dec {
        if let (&Dec::Small { m: a, exp: ea }, &Dec::Small { m: b, exp: eb }) = (self, other) {
            if let Some(p) = a.checked_mul(b).filter(|p| p.abs() < LIMIT) {
                return Dec::small(p, ea.saturating_add(eb));
            }
        }
        Dec::from_big(self.to_big().mul(&other.to_big()))
    }

    /// True when the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        match self {
            Dec::Small { exp, .. } => *exp >= 0,
            Dec::Big(b) => b.is_integer(),
        }
    }

    /// Compares two numbers.
    pub fn cmp(&self, other: &Dec) -> Ordering {
        if let Some((a, b, _)) = self.aligned(other) {
            return a.cmp(&b);
        }
        self.to_big().cmp(&other.to_big())
    }

    /// The integer value when it fits in a `u64` and has no fraction.
    pub fn to_u64(&self) -> Option<u64> {
        match *self {
            Dec::Small { m, exp } => {
                let k = u32::try_from(exp).ok()?;
                u64::try_from(m.checked_mul(pow10(k)?)?).ok()
            }
            Dec::Big(_) => None,
        }
    }
}

impl std::fmt::Display for Dec {
    /// Plain notation with `.`, no exponent, no trailing fractional zeros.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Dec::Small { m, exp } if (-40..=40).contains(&exp) => {
                // At most 39 digits, 40 zeros, a sign and "0.": one buffer, one write.
                let mut buf = [b'0'; 96];
                let mut digits = [0u8; 40];
                let mut n = 0;
                let mut v = m.unsigned_abs();
                loop {
                    digits[digits.len() - 1 - n] = b'0' + (v % 10) as u8;
                    n += 1;
                    v /= 10;
                    if v == 0 {
                        break;
                    }
                }
                let digits = &digits[digits.len() - n..];
                let mut len = 0;
                let mut put = |bytes: &[u8], len: &mut usize| {
                    buf[*len..*len + bytes.len()].copy_from_slice(bytes);
                    *len += bytes.len();
                };
                if m < 0 {
                    put(b"-", &mut len);
                }
                if exp >= 0 {
                    put(digits, &mut len);
                    len += exp as usize; // zeros: the buffer is filled with '0'
                } else {
                    let frac = exp.unsigned_abs() as usize;
                    match digits.len().checked_sub(frac) {
                        Some(0) | None => {
                            put(b"0.", &mut len);
                            len += frac - digits.len();
                            put(digits, &mut len);
                        }
                        Some(int) => {
                            put(&digits[..int], &mut len);
                            put(b".", &mut len);
                            put(&digits[int..], &mut len);
                        }
                    }
                }
                // Only ASCII digits, '-' and '.' were written.
                f.write_str(std::str::from_utf8(&buf[..len]).unwrap_or_default())
            }
            _ => self.to_big().fmt(f),
        }
    }
}

/// A decimal of any size as a digit string: `(-1)^neg × digits × 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Big {
    /// Base-10 digits, least significant first; no trailing (most significant) zeros.
    digits: Vec<u8>,
    /// Power of ten of the least significant digit.
    exp: i32,
    /// True for a negative number (never for zero).
    neg: bool,
}

impl Big {
    /// Zero.
    fn zero() -> Big {
        Big::default()
    }

    /// The number whose integer digits are `int` and fraction digits `frac` (ASCII digits).
    fn from_parts(int: &str, frac: &str) -> Option<Big> {
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits: Vec<u8> = int.bytes().chain(frac.bytes()).rev().map(|b| b - b'0').collect();
        let mut d = Big { digits, exp: -(frac.len() as i32), neg: false };
        d.normalize();
        Some(d)
    }

    fn normalize(&mut self) {
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
        let lead = self.digits.iter().take_while(|&&d| d == 0).count();
        if lead > 0 {
            self.digits.drain(..lead);
            self.exp += lead as i32;
        }
        if self.digits.is_empty() {
            self.exp = 0;
            self.neg = false;
        }
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// The negated number.
    pub fn neg(mut self) -> Big {
        if !self.is_zero() {
            self.neg = !self.neg;
        }
        self
    }

    /// `self × 10^e`.
    pub fn shift(mut self, e: i32) -> Big {
        if !self.is_zero() {
            self.exp = self.exp.saturating_add(e);
        }
        self
    }

    /// Digits aligned to exponent `exp` (which must be ≤ self.exp).
    fn aligned(&self, exp: i32) -> Vec<u8> {
        let pad = (self.exp - exp) as usize;
        let mut v = vec![0u8; pad];
        v.extend_from_slice(&self.digits);
        v
    }

    fn cmp_abs(a: &[u8], b: &[u8]) -> Ordering {
        let la = a.len() - a.iter().rev().take_while(|&&d| d == 0).count();
        let lb = b.len() - b.iter().rev().take_while(|&&d| d == 0).count();
        if la != lb {
            return la.cmp(&lb);
        }
        for i in (0..la).rev() {
            if a[i] != b[i] {
                return a[i].cmp(&b[i]);
            }
        }
        Ordering::Equal
    }

    /// `self + other`.
    pub fn add(&self, other: &Big) -> Big {
        if self.is_zero() {
            return other.clone();
        }
        if other.is_zero() {
            return self.clone();
        }
        let exp = self.exp.min(other.exp);
        let a = self.aligned(exp);
        let b = other.aligned(exp);
        let mut out = Big { digits: Vec::new(), exp, neg: self.neg };
        if self.neg == other.neg {
            let mut carry = 0u8;
            for i in 0..a.len().max(b.len()) {
                let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
                out.digits.push(s % 10);
                carry = s / 10;
            }
            if carry > 0 {
                out.digits.push(carry);
            }
        } else {
            let (big, small, neg) = match Big::cmp_abs(&a, &b) {
                Ordering::Less => (&b, &a, other.neg),
                _ => (&a, &b, self.neg),
            };
            out.neg = neg;
            let mut borrow = 0i8;
            for (i, &x) in big.iter().enumerate() {
                let mut d = x as i8 - small.get(i).copied().unwrap_or(0) as i8 - borrow;
                borrow = 0;
                if d < 0 {
                    d += 10;
                    borrow = 1;
                }
                out.digits.push(d as u8);
            }
        }
        out.normalize();
        out
    }

    /// `self × other`.
    pub fn mul(&self, other: &Big) -> Big {
        if self.is_zero() || other.is_zero() {
            return Big::zero();
        }
        let mut acc = vec![0u32; self.digits.len() + other.digits.len() + 1];
        for (i, &x) in self.digits.iter().enumerate() {
            for (j, &y) in other.digits.iter().enumerate() {
                acc[i + j] += x as u32 * y as u32;
            }
            // keep the accumulator small enough for very long numbers
            if i % 64 == 63 {
                carry_through(&mut acc);
            }
        }
        carry_through(&mut acc);
        let mut out = Big {
            digits: acc.into_iter().map(|d| d as u8).collect(),
            exp: self.exp.saturating_add(other.exp),
            neg: self.neg != other.neg,
        };
        out.normalize();
        out
    }

    /// True when the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// Compares two numbers.
    pub fn cmp(&self, other: &Big) -> Ordering {
        let diff = self.add(&other.clone().neg());
        if diff.is_zero() {
            Ordering::Equal
        } else if diff.neg {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }
}

fn carry_through(acc: &mut [u32]) {
    let mut carry = 0u32;
    for d in acc.iter_mut() {
        let s = *d + carry;
        *d = s % 10;
        carry = s / 10;
    }
}

impl std::fmt::Display for Big {
    /// Plain notation with `.`, no exponent, no trailing fractional zeros.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let mut s = String::with_capacity(self.digits.len() + self.exp.unsigned_abs() as usize + 3);
        if self.neg {
            s.push('-');
        }
        let n = self.digits.len() as i64;
        let e = self.exp as i64;
        if e >= 0 {
            s.extend(self.digits.iter().rev().map(|&d| (b'0' + d) as char));
            s.extend(std::iter::repeat('0').take(e as usize));
        } else {
            let frac = -e;
            if n <= frac {
                s.push_str("0.");
                s.extend(std::iter::repeat('0').take((frac - n) as usize));
                s.extend(self.digits.iter().rev().map(|&d| (b'0' + d) as char));
            } else {
                let int = (n - frac) as usize;
                for (i, &d) in self.digits.iter().rev().enumerate() {
                    if i == int {
                        s.push('.');
                    }
                    s.push((b'0' + d) as char);
                }
            }
        }
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    /// Plain notation of `m × 10^exp` built with strings: the oracle for
    /// the buffer-writing `Display` of [`Dec::Small`].
    fn plain(m: i128, exp: i32) -> String {
        let sign = if m < 0 { "-" } else { "" };
        let digits = m.unsigned_abs().to_string();
        if exp >= 0 {
            return format!("{sign}{digits}{}", "0".repeat(exp as usize));
        }
        let frac = exp.unsigned_abs() as usize;
        if digits.len() > frac {
            let (int, dec) = digits.split_at(digits.len() - frac);
            format!("{sign}{int}.{dec}")
        } else {
            format!("{sign}0.{}{digits}", "0".repeat(frac - digits.len()))
        }
    }

    #[test]
    fn small_decimals_print_in_plain_notation() {
        let ms = [0i128, 1, -1, 7, 10, -25, 1234567, i128::MAX, i128::MIN + 1, -(10i128.pow(38))];
        for m in ms {
            for exp in -40..=40 {
                assert_eq!(Dec::Small { m, exp }.to_string(), plain(m, exp), "{m} e{exp}");
            }
        }
        // Normalised values print as their digit strings do.
        for (m, exp) in [(1i128, -40), (-123, 7), (5, -1), (i128::MAX, 40)] {
            let small = Dec::Small { m, exp };
            assert_eq!(small.to_string(), small.to_big().to_string(), "{m} e{exp}");
        }
    }

    #[test]
    fn parses_and_prints() {
        for s in ["0", "1", "12", "0.5", "1.25", "-3.5", "200000000000", "0.001"] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("1.50").to_string(), "1.5");
        assert_eq!(d("007").to_string(), "7");
        assert_eq!(d("-0").to_string(), "0");
        assert!(Dec::parse("1e5").is_none() && Dec::parse("").is_none() && Dec::parse(".").is_none());
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(d("1.5").shift(9).to_string(), "1500000000");
        assert_eq!(d("0.1").add(&d("0.2")).to_string(), "0.3");
        assert_eq!(d("1").add(&d("-1.25")).to_string(), "-0.25");
        assert_eq!(d("2.5").mul(&d("0.25")).to_string(), "0.625");
        assert_eq!(
            d("12345678901234567890").mul(&d("98765432109876543210")).to_string(),
            "1219326311370217952237463801111263526900"
        );
        assert_eq!(d("3").mul(&Dec::pow10(-2)).to_string(), "0.03");
        assert_eq!(Dec::pow10(24).to_string(), format!("1{}", "0".repeat(24)));
        assert_eq!(d("2").cmp(&d("10")), Ordering::Less);
        assert_eq!(d("450").to_u64(), Some(450));
        assert_eq!(d("4.5").to_u64(), None);
    }

    #[test]
    fn long_numbers_leave_the_inline_form_and_come_back() {
        let big = "1".repeat(45);
        assert!(matches!(d(&big), Dec::Big(_)));
        assert_eq!(d(&big).to_string(), big);
        let limit = format!("1{}", "0".repeat(38));
        let nines = "9".repeat(38);
        assert!(matches!(d(&nines), Dec::Small { .. }));
        assert_eq!(d(&nines).add(&d("1")).to_string(), limit);
        assert_eq!(d(&nines).add(&d("1")), d(&limit));
        assert_eq!(d(&big).add(&d(&big).neg()), Dec::zero());
        assert!(matches!(d(&big).add(&d(&format!("-{}", "1".repeat(44)))), Dec::Small { .. }));
        assert_eq!(d(&nines).mul(&d("1000")).to_string(), format!("{nines}000"));
        assert_eq!(d(&nines).mul(&d(&nines)).cmp(&d(&nines)), Ordering::Greater);
        assert_eq!(d("0.5").cmp(&d(&big)), Ordering::Less);
        assert_eq!(d("1").shift(60).to_string(), format!("1{}", "0".repeat(60)));
        assert_eq!(d("1").shift(60).add(&d("1")).to_string(), format!("1{}1", "0".repeat(59)));
        assert_eq!(d("1").shift(-40).to_string(), format!("0.{}1", "0".repeat(39)));
        assert_eq!(d("123").shift(-1).to_u64(), None);
        assert_eq!(d("18446744073709551615").to_u64(), Some(u64::MAX));
        assert_eq!(d("18446744073709551616").to_u64(), None);
        assert_eq!(d("-2").to_u64(), None);
        assert_eq!(d("1.20").to_string(), "1.2");
        assert_eq!(d("-0.05").to_string(), "-0.05");
        for s in ["0.5", "12.5", "-12.5", "0.001", "100", "-3000", "123.456", "1000000000000", "0.0000000001"]
        {
            assert_eq!(d(s).to_string(), s);
            assert_eq!(d(s).to_string(), d(s).to_big().to_string());
        }
        assert_eq!(d("1.5").shift(9).to_string(), "1500000000");
    }
}
