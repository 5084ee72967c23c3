# Emails from the form service: the team's copy (bilingual) and the sender's acknowledgement.

# Form names, as the emails show them.
email-form-home-education = Elective home education: telling us
email-form-aln = Additional learning needs: referral or request to the council

# The team email's subject line, after the reference.
email-team-subject-due = { $form }, response due { $due }

# The team email
email-team-subject-reply-cy = Reply in Welsh
email-team-subject-reply-en = Reply in English
email-team-subject-suspect = Suspected spam
email-team-suspect = Suspected spam: the hidden "Leave this blank" field was filled in, so a program may have sent this form. No acknowledgement was sent to the email address given.
email-team-safety = Check that these answers look safe before you use them. Nobody has checked the information given on the form.
email-team-reference = Reference
email-team-form = Form
email-team-submitted = Submitted
email-team-due = Response due by
email-team-due-uncounted = Not counted: the date falls after { $end }, the last day of the last term in the council's term dates. Count it by hand, and ask the web editor to add the next terms to term-dates.toml. { $rule }
email-team-reply-in-welsh = The sender filled in the form in Welsh: reply in Welsh (Welsh Language Standard 1).
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
email-ack-next-home-education = A member of the elective home education team will contact you to introduce themselves and tell you about the support available.
email-ack-next-aln = We will read the information you gave us and contact you if we need more. We will tell you what we have decided, and why.
email-ack-due = We must respond by { $date }.
# Only when the sender ticked "Send me a copy of my answers".
email-ack-answers-heading = Your answers
email-ack-answers-intro = You asked for a copy of the answers you sent. We have not included any documents you uploaded.
email-ack-contact-heading = Contact us
email-ack-email = Email
email-ack-phone = Phone
email-ack-welsh-welcome = We welcome correspondence in Welsh. We will reply in Welsh, and this will not lead to a delay.
