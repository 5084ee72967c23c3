//! Each of the council's teams (`[contacts]` in config.toml) as pages, forms and e-mails show
//! it: the footer of a section's pages, a form's confirmation and its acknowledgement.

use crate::forms::Forms;
use crate::lang::Lang;
use crate::site::config::{Config, Contact};
use crate::site::contacts::phone;
use crate::site::content::Site;
use serde::Serialize;

/// One team's details in one language, as templates and e-mails show them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContactView {
    pub(crate) team: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    /// The phone as digits, for `tel:`.
    pub(crate) tel: String,
    pub(crate) hours: String,
}

impl ContactView {
    pub(crate) fn new(c: &Contact, lang: Lang) -> ContactView {
        let text = c.text(lang);
        ContactView {
            team: text.map(|t| t.team.clone()).unwrap_or_default(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            tel: phone(&c.phone).unwrap_or_else(|| c.phone.replace(' ', "")),
            hours: text.map(|t| t.hours.clone()).unwrap_or_default(),
        }
    }

    /// The council's own `[council]` e-mail, phone, team and hours: what a site without
    /// `[contacts]` shows everywhere.
    pub(crate) fn council(config: &Config, lang: Lang) -> ContactView {
        let get = |k: &str| config.council(lang, k).unwrap_or_default();
        let phone_text = get("phone");
        ContactView {
            team: get("team"),
            email: get("email"),
            tel: phone(&phone_text).unwrap_or_else(|| phone_text.replace(' ', "")),
            phone: phone_text,
            hours: get("hours"),
        }
    }

    /// The team that answers a form, in `lang`.
    pub(crate) fn for_form(config: &Config, form: &str, lang: Lang) -> ContactView {
        config.form_contact(form).map_or_else(|| ContactView::council(config, lang), |c| ContactView::new(c, lang))
    }
}

/// Pages under `prefix` (a section's or a form's address) show `contact` in their footer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UrlContact {
    pub(crate) prefix: String,
    pub(crate) contact: ContactView,
}

/// What `base.html` picks a page's footer contact from: the first `by_url` whose prefix
/// starts the page's address, else `default`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteContacts {
    pub(crate) default: ContactView,
    pub(crate) by_url: Vec<UrlContact>,
}

/// Every section's and form's contact in `lang`, by address.
pub(crate) fn site_contacts(config: &Config, site: &Site, forms: &Forms, lang: Lang) -> SiteContacts {
    let default = config
        .contacts
        .get(&config.default_contact)
        .map_or_else(|| ContactView::council(config, lang), |c| ContactView::new(c, lang));
    let mut by_url = vec![];
    for c in config.contacts.values() {
        for section in &c.sections {
            if let Some(url) = site.url(&format!("{section}/_index.md"), lang) {
                by_url.push(UrlContact { prefix: url.to_string(), contact: ContactView::new(c, lang) });
            }
        }
    }
    for form in &forms.list {
        if let Some(c) = config.form_contact(form.id.as_str()) {
            by_url.push(UrlContact { prefix: form.start_url(lang), contact: ContactView::new(c, lang) });
        }
    }
    SiteContacts { default, by_url }
}
