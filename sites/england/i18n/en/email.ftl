# Emails from the form service: the team's copy and the sender's acknowledgement, in English
# only on this site.

# Form names, as the emails show them. The CME name marks the team's copy as a referral.
email-form-ehc-request = Request for an EHC needs assessment
email-form-home-education = Elective home education: telling us
email-form-cme = Children missing education (CME) referral
email-form-local-offer-comment = Comment on the Local Offer

# The team email's subject line, after the reference.
email-team-subject-due = { $form }, decision due { $due }

# The team email
email-team-safety = Check that these answers look safe before you use them. Nobody has checked the information given on the form.
email-team-reference = Reference
email-team-form = Form
email-team-submitted = Received
email-team-due = Due by
email-team-due-uncounted = Not counted: the date falls after { $end }, the last day of the last term in the council's term dates. Count it by hand, and ask the web editor to add the next terms to term-dates.toml. { $rule }
# Shown only on a site in Welsh and English; the shared template names it.
email-team-reply-in-welsh = The sender filled in the form in Welsh: reply in Welsh.
email-team-no-ack = The sender gave no email address, so they have not had an acknowledgement from us.
email-team-attached = Attached
email-team-json = the answers as JSON, for importing into the case management system
email-team-calendar = the statutory dates as calendar entries, to add to the team's calendar
# The summary at the top of the team email.
email-team-concerns = Who it is about
email-team-route = Route
email-team-reply-language = Reply in
email-team-lang-cy = Welsh
email-team-lang-en = English

# The sender's acknowledgement: the reference and next steps, none of their answers.
email-ack-subject = We have received your form: reference { $reference }
email-ack-heading = Thank you, we have received your form
email-ack-thanks = We received your form on { $date }: { $form }.
email-ack-reference = Your reference
email-ack-keep-reference = Keep this reference. Give it to us if you contact us about this form.
email-ack-next-heading = What happens next
email-ack-next-ehc-request = We will read your request and any documents you sent. We may ask the school or college, and professionals who know the child or young person, for information.
email-ack-next-home-education = A member of the elective home education team will contact you to introduce themselves and tell you about the information and support available. You do not need our permission to educate your child at home.
email-ack-next-cme = The children missing education team will check the child's details and may contact you for more information. If you become worried that the child is at immediate risk, call children's services or the police straight away: do not wait for us.
email-ack-next-local-offer-comment = We will read your comment and pass it to the team or service it is about, and reply to you. If you agreed, we will publish your comment without your name in "You said, we did", with our response.
email-ack-due = We must decide, and tell the child's parent or the young person, by { $date }.
# Only when the sender ticked "Send me a copy of my answers".
email-ack-answers-heading = Your answers
email-ack-answers-intro = You asked for a copy of the answers you sent. We have not included any documents you uploaded.
email-ack-contact-heading = Contact us
email-ack-email = Email
email-ack-phone = Phone
# Shown only on a site in Welsh and English; the shared template names it.
email-ack-welsh-welcome = We welcome correspondence in Welsh.
email-team-subject-reply-cy = Reply in Welsh
email-team-subject-reply-en = Reply in English
email-team-subject-suspect = Suspected spam
email-team-suspect = Suspected spam: the hidden "Leave this blank" field was filled in, so a program may have sent this form. No acknowledgement was sent to the email address given.
