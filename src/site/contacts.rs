//! UK contact details, checked: what a directory entry says people can use to reach a
//! service, and the postcode districts of config.toml: UK postcodes, UK
//! phone numbers, e-mail addresses and web addresses. Written by hand rather than with a
//! regex crate: each rule is a few lines, and the messages can say what is wrong.

/// A UK postcode, tidied to upper case with one space ("wm1 3de" → "WM1 3DE"), or `None`
/// when it is not shaped like one: an outward code (A9, A99, AA9, AA99, A9A, AA9A) and an
/// inward code (9AA). Whether it exists is the editor's to know; the shape is ours.
pub(crate) fn postcode(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let b = inward.as_bytes();
    if !(b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()) {
        return None;
    }
    district(outward)?;
    Some(format!("{outward} {inward}"))
}

/// The postcode district (outward code) of what a family typed: a whole postcode or just
/// its district ("WM1"), upper case. `None` when it is neither.
pub(crate) fn district(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if compact.len() >= 5 {
        return postcode(&compact).map(|p| p.split(' ').next().unwrap_or_default().to_string());
    }
    let b = compact.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if !(1..=2).contains(&letters) || !compact.is_ascii() {
        return None;
    }
    let rest = &b[letters..];
    let ok = match rest {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && x.is_ascii_alphanumeric(),
        _ => false,
    };
    ok.then_some(compact)
}

/// A UK phone number as digits for a `tel:` link ("01632 960 400" → "01632960400"), or
/// `None`. Accepts spaces, and +44 or (0) written the usual ways; geographic, mobile,
/// freephone and non-geographic numbers have 10 or 11 digits from the 0; 111 and the
/// 116 helplines (116 123) are the short numbers a directory lists.
pub(crate) fn phone(raw: &str) -> Option<String> {
    let mut s: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    if let Some(rest) = s.strip_prefix("+44") {
        s = format!("0{}", rest.strip_prefix('0').unwrap_or(rest));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s == "111" || (s.len() == 6 && s.starts_with("116")) {
        return Some(s);
    }
    let b = s.as_bytes();
    let ok =
        (10..=11).contains(&b.len()) && b[0] == b'0' && matches!(b[1], b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9');
    ok.then_some(s)
}

/// An e-mail address people can write to: one `@`, something before it, a domain with a
/// dot after it, no spaces.
pub(crate) fn email(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !raw.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

/// A web address a link can go to: http or https, a host with a dot, no spaces.
pub(crate) fn url(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://")) else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host =
        host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
    !host.is_empty()
        && (host.contains('.') || host == "localhost")
        && !raw.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_of_every_uk_shape_are_tidied_and_others_refused() {
        for (raw, tidy) in [
            ("wm1 3de", "WM1 3DE"),
            ("CF10 1EP", "CF10 1EP"),
            ("sw1a1aa", "SW1A 1AA"),
            ("M1 1AE", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("W1A 0AX", "W1A 0AX"),
        ] {
            assert_eq!(postcode(raw).as_deref(), Some(tidy), "{raw}");
        }
        for bad in ["", "WM1", "WM1 3D", "12345", "WM1 D3E", "ABC1 2DE", "WM1 3DÉ", "WM123 4AB"] {
            assert_eq!(postcode(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_district_comes_from_a_postcode_or_stands_alone() {
        assert_eq!(district("wm1 3de").as_deref(), Some("WM1"));
        assert_eq!(district("WM12").as_deref(), Some("WM12"));
        assert_eq!(district("sw1a").as_deref(), Some("SW1A"));
        assert_eq!(district("CF10").as_deref(), Some("CF10"));
        for bad in ["", "1WM", "WMX1", "W", "not a postcode", "WM1 3D"] {
            assert_eq!(district(bad), None, "{bad}");
        }
    }

    #[test]
    fn uk_phone_numbers_in_the_ways_people_write_them() {
        assert_eq!(phone("01632 960 400").as_deref(), Some("01632960400"));
        assert_eq!(phone("+44 (0)1632 960400").as_deref(), Some("01632960400"));
        assert_eq!(phone("+44 7700 900123").as_deref(), Some("07700900123"));
        assert_eq!(phone("0808 800 5000").as_deref(), Some("08088005000"));
        assert_eq!(phone("116 123").as_deref(), Some("116123"));
        assert_eq!(phone("111").as_deref(), Some("111"));
        for bad in ["", "1632 960400", "01632 9604", "01632 960 4000 1", "0600 123 4567", "call us", "+1 555 0100"] {
            assert_eq!(phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn emails_and_urls() {
        assert!(email("slt@westmere-health.example"));
        assert!(!email("slt.westmere"));
        assert!(!email("a@b"));
        assert!(!email("a b@c.org"));
        assert!(url("https://www.example.org/slt"));
        assert!(url("http://localhost:8080/"));
        assert!(!url("www.example.org"));
        assert!(!url("https://exa mple.org"));
        assert!(!url("javascript:alert(1)"));
    }
}
