//! Exact decimal numbers of any size, as digit strings: no floats anywhere.

use std::cmp::Ordering;

/// An exact decimal: `(-1)^neg × digits × 10^exp`, `digits` little-endian base 10.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Dec {
    /// Base-10 digits, least significant first; no trailing (most significant) zeros.
    digits: Vec<u8>,
    /// Power of ten of the least significant digit.
    exp: i32,
    /// True for a negative number (never for zero).
    neg: bool,
}

impl Dec {
    /// Zero.
    pub fn zero() -> Dec {
        Dec::default()
    }

    /// A non-negative integer.
    pub fn from_u64(mut n: u64) -> Dec {
        let mut digits = Vec::new();
        while n > 0 {
            digits.push((n % 10) as u8);
            n /= 10;
        }
        let mut d = Dec { digits, exp: 0, neg: false };
        d.normalize();
        d
    }

    /// `10^e`.
    #[cfg(test)]
    pub fn pow10(e: i32) -> Dec {
        Dec { digits: vec![1], exp: e, neg: false }
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
        let digits: Vec<u8> = int.bytes().chain(frac.bytes()).rev().map(|b| b - b'0').collect();
        let mut d = Dec { digits, exp: -(frac.len() as i32), neg: false };
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
    pub fn neg(mut self) -> Dec {
        if !self.is_zero() {
            self.neg = !self.neg;
        }
        self
    }

    /// `self × 10^e`.
    pub fn shift(mut self, e: i32) -> Dec {
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
    pub fn add(&self, other: &Dec) -> Dec {
        if self.is_zero() {
            return other.clone();
        }
        if other.is_zero() {
            return self.clone();
        }
        let exp = self.exp.min(other.exp);
        let a = self.aligned(exp);
        let b = other.aligned(exp);
        let mut out = Dec { digits: Vec::new(), exp, neg: self.neg };
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
            let (big, small, neg) = match Dec::cmp_abs(&a, &b) {
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
    pub fn mul(&self, other: &Dec) -> Dec {
        if self.is_zero() || other.is_zero() {
            return Dec::zero();
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
        let mut out = Dec {
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
    pub fn cmp(&self, other: &Dec) -> Ordering {
        let diff = self.add(&other.clone().neg());
        if diff.is_zero() {
            Ordering::Equal
        } else if diff.neg {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }

    /// The integer value when it fits in a `u64` and has no fraction.
    pub fn to_u64(&self) -> Option<u64> {
        if self.neg || self.exp < 0 || self.digits.len() as i64 + self.exp as i64 > 19 {
            return None;
        }
        let mut n: u64 = 0;
        for &d in self.digits.iter().rev() {
            n = n.checked_mul(10)?.checked_add(d as u64)?;
        }
        for _ in 0..self.exp {
            n = n.checked_mul(10)?;
        }
        Some(n)
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

impl std::fmt::Display for Dec {
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
}
