# The two forms: shared page furniture, then each form's questions and messages.
# Keys follow src/forms/spec.rs: {form}-{field}, -hint, -{option}, -error-{code}.

## Shared
forms-back = Back
forms-continue = Continue
forms-start = Start now
forms-change = Change
forms-remove = Remove
forms-optional = (optional)
forms-or = or
forms-day = Day
forms-month = Month
forms-year = Year
forms-error-prefix = Error
forms-error-title-prefix = Error:
forms-another-error-max = You can add up to { $max } on one form. Phone us to tell us about more.
forms-error-summary-title = There is a problem
forms-honeypot = Leave this field blank
forms-switch-language = Save and continue in English
forms-time-limit = We will delete your answers if you do not do anything for { $minutes } minutes. You will then need to start again.
forms-not-provided = Not provided
forms-check-title = Check your answers before sending your form
forms-send-heading = Now send your form
forms-privacy-link = Read how we use your information (privacy notice)
forms-declaration-legend = Declaration
# Check your answers: an opt-in copy of the answers in the acknowledgement (privacy page, "A copy of your answers").
forms-copy = Send me a copy of my answers
forms-copy-hint = We will add them to the email that tells you we have received your form, if you gave an email address. We do not send your documents. Only tick this if nobody else reads your emails.
forms-reference-is = Your reference number
forms-keep-reference = Keep this reference number. You will need it if you contact us about your form.
forms-email-sent = We have sent you an email to confirm we have your form.
forms-what-next = What happens next
forms-due = We will respond by { $date }.
forms-contact = If you have a question, email { $email } or phone { $phone }.
forms-home-link = Go to the home page
forms-files-added = Files added
forms-file-label = Upload a file
forms-file-hint = PDF, Word, OpenDocument, JPG or PNG. Each file must be smaller than 5 MB, and all files together smaller than 12 MB. You can add up to { $max } files.
forms-upload = Upload file

forms-error-email = Enter an email address in the correct format, like name@example.com
forms-error-phone = Enter a telephone number, like 01632 960 001 or 07700 900 982
forms-error-postcode = Enter a real postcode, like AT1 1AA
forms-error-too-long = This answer must be { $max } characters or fewer
forms-error-year = Year must include 4 numbers
forms-date-part-day = a day
forms-date-part-month = a month
forms-date-part-year = a year
forms-date-part-day-month = a day and month
forms-date-part-day-year = a day and year
forms-date-part-month-year = a month and year

forms-too-large-title = The information you sent is too large
forms-too-large-body = Go back and make your answers shorter, or attach smaller files.
    If you cannot do this, email or phone us and we will help.
forms-too-many-title = You have sent too many answers in a short time
forms-too-many-body = Wait a minute, then go back and try again. Your answers have been kept.
forms-bad-request-title = Your answers could not be read
forms-bad-request-body = Go back and try again.
forms-bad-address-title = This address could not be read
forms-bad-address-body = Check the address, or go back and try again.
forms-problem-title = Sorry, there is a problem with the service
forms-problem-body = Try again later.
forms-problem-reference = If you phone us, give us this reference: { $reference }
forms-expired-title = Your session has ended
forms-expired-body = We delete answers when nothing has happened for a while, to keep your information safe. You need to start the form again.
forms-expired-link = Start again
forms-cross-site-title = Your answers came from another website
forms-cross-site-body = To keep your information safe, we only accept answers sent from this website's own pages.
    Go back to the form on this website and send your answers again. If that does not work, email or phone us.
forms-bad-text-title = Some of your answers could not be read
forms-bad-text-body = Your browser sent characters we could not read.
    Go back, check your answers and try again. If that does not work, email or phone us.
forms-not-sent-title = Sorry, we could not send your form
forms-not-sent-body = Your answers have been kept. Try again in a few minutes.
    If it still does not work, email or phone us.
forms-not-sent-phone = You can also phone us on { $phone }.
forms-not-sent-link = Go back to the start of the form
forms-full-title = Sorry, the service is busy
forms-full-body = Too many people are filling in forms right now, so you cannot start one at the moment.
    Try again in a few minutes.
forms-not-saved-title = Sorry, there is a problem with the service
forms-not-saved-body = We could not save the answers on this page. The answers you gave on earlier pages have been kept.
    Go back and try again in a few minutes.
forms-not-loaded-title = Sorry, there is a problem with the service
forms-not-loaded-body = We could not show your answers just now. They have not been lost: they have been kept.
    Try again in a few minutes.

## Form 1: telling the council about home education
he-name = Tell us you are home educating
he-start-title = Tell us you are educating your child at home
he-start-intro = You do not need our permission to educate your child at home. Telling us is voluntary.
    The step the law asks for is your written notice to your child's school. The school then takes your child off its roll and tells us within 10 school days.
    The one exception is a child at a special school whose place the council arranged: we must agree before they come off the roll. This form asks about that.
    You can tell us about more than one child on this form.
he-declaration = I am the child's parent or carer, and the information I have given is correct to the best of my knowledge
he-declaration-error-missing = Confirm that you are the child's parent or carer and the information is correct
he-submit = Send notification
he-sent-title = Notification sent
# What to do next, for each child, from the answers (the form's [[next]]).
he-next-special = { $name }: the council arranged this place at a special school, so the school can take { $name } off its roll only when the council agrees (Education (Pupil Registration) (Wales) Regulations 2010, regulation 8(2)). We will contact you about this. If you have not written to the head teacher yet, write now. Until the council agrees, { $name } stays on the roll and must keep going to school.
he-next-written = { $name }: you have written to { $school-name }, so the school must take { $name } off its roll and tell us within 10 school days (Education (Pupil Registration) (Wales) Regulations 2010, regulations 8(1)(d) and 12(3)). You do not need to do anything else about the school.
he-next-write = { $name }: write to the head teacher of { $school-name } now, by letter or email, to say that you are educating { $name } at home from { $leave-date }. Your letter is what takes { $name } off the school's roll (Education (Pupil Registration) (Wales) Regulations 2010, regulation 8(1)(d)): telling us is not enough on its own. Until the school has your letter, { $name } stays on the roll and must keep going to school.
he-next = A member of the home education team will contact you, in the language you chose, to offer information and support.
    You do not have to meet us, and a meeting does not have to be at your home.

he-section-child = Child
he-section-parent = Your details
he-section-second = Another parent or carer
he-section-reasons = Reasons
he-section-support = Support
# The team email titles sections by whose details they are (`<section>-team`).
he-section-parent-team = Parent or carer who sent the form
he-section-support-team = Support the family would like

he-child-title = About your child
he-child-first-name = First name
he-child-first-name-error-missing = Enter your child's first name
he-child-last-name = Last name
he-child-last-name-error-missing = Enter your child's last name
he-child-dob = Date of birth
he-child-dob-hint = For example, 27 3 2015
he-child-dob-error-missing = Enter your child's date of birth
he-child-dob-error-incomplete = Date of birth must include { $part }
he-child-dob-error-real = Date of birth must be a real date
he-child-dob-error-past = Date of birth must be in the past
he-child-dob-error-too-old = Your child must be of compulsory school age. Check the date of birth: children leave compulsory school age on the last Friday of June in the school year they turn 16
he-child-dob-error-too-young = Your child must be of compulsory school age, or reach it within a year. Check the date of birth

he-attended = Is your child on a school roll now, or have they been?
he-attended-error-missing = Select yes if your child is on a school roll now, or has been
he-attended-yes = Yes
he-attended-no = No, they have never been to school
he-school-name = Name of the school
he-written-notice = Have you written to the school to say you are educating your child at home?
he-written-notice-error-missing = Select whether you have written to the school
he-written-notice-sent = Yes, I have written to the school
he-written-notice-not-yet = Not yet
he-written-notice-not-yet-hint = A letter or email to the school is what takes your child off the roll. Telling us is not enough on its own
he-school-name-error-missing = Enter the name of the school
he-leave-date = Date they leave or left the school roll
he-leave-date-hint = If you do not know the exact date, give the date you wrote or will write to the school. For example, 15 9 2026
he-leave-date-error-missing = Enter the date your child leaves or left the school roll
he-leave-date-error-incomplete = Date they leave or left the school roll must include { $part }
he-leave-date-error-real = Date they leave or left the school roll must be a real date
he-leave-date-error-too-late = Date they leave or left the school roll must be within the next year
he-leave-date-error-before-birth = Date they leave or left the school roll must be after your child's date of birth

he-special-title = Special schools
he-special-intro = If the council arranged your child's place at a special school, your child can only come off the school roll when the council agrees.
    This does not apply to any other school. If you say yes, we will contact you about this. You can still send this form.
he-special-school = Is your child at a special school that the council arranged for them?
he-special-school-error-missing = Select whether your child is at a special school that the council arranged
he-special-school-yes = Yes
he-special-school-yes-hint = We will contact you about the council agreeing to take them off the roll
he-special-school-no = No
he-special-school-not-sure = I am not sure

he-aln-title = Additional learning needs
he-aln-intro = If your child has an individual development plan (IDP) kept by their school, it ends when they leave the school roll. The council then decides whether to keep a plan for them.
he-aln-plan = Does your child have additional learning needs or a plan?
he-aln-plan-error-missing = Select whether your child has additional learning needs or a plan
he-aln-plan-none = No
he-aln-plan-school-idp = Yes, an IDP kept by their school
he-aln-plan-council-idp = Yes, an IDP kept by the council
he-aln-plan-statement = Yes, a statement of special educational needs
he-aln-plan-ehc-plan = Yes, an education, health and care (EHC) plan
he-aln-plan-ehc-plan-hint = These are made by councils in England
he-aln-plan-needs-no-plan = I think they have additional learning needs, but they do not have a plan
he-aln-plan-not-sure = I do not know
he-aln-details = Tell us about your child's needs
he-aln-details-hint = For example, what they find difficult and what helps them

he-children-title = Children you are telling us about
he-another = Do you need to tell us about another child?
he-another-error-missing = Select yes if you need to tell us about another child
he-another-yes = Yes
he-another-no = No

he-parent-title = Your details
he-parent-intro = We need at least one way to contact you: an email address or a telephone number.
he-parent-name = Full name
he-parent-name-error-missing = Enter your full name
he-parent-relationship = Your relationship to the child
he-parent-relationship-hint = For example, mother, father, grandparent or foster carer
he-parent-relationship-error-missing = Enter your relationship to the child
he-address-line-1 = Address line 1
he-address-line-1-error-missing = Enter address line 1, typically the building and street
he-address-line-2 = Address line 2
he-address-town = Town or city
he-address-town-error-missing = Enter town or city
he-address-postcode = Postcode
he-address-postcode-error-missing = Enter postcode
he-parent-email = Email address
he-parent-email-hint = We will send you a confirmation with your reference number
he-parent-email-error-contact = Enter an email address or a telephone number
he-parent-phone = Telephone number
he-parent-phone-hint = For international numbers include the country code
he-contact-language = Which language should we use when we contact you?
he-contact-language-error-missing = Select the language we should use when we contact you
he-contact-language-cy = Cymraeg (Welsh)
he-contact-language-en = English

he-second = Is there another parent or carer we should contact?
he-second-error-missing = Select yes if there is another parent or carer we should contact
he-second-yes = Yes
he-second-no = No
he-second-name = Their full name
he-second-name-error-missing = Enter the other parent or carer's full name
he-second-relationship = Their relationship to the child
he-second-relationship-error-missing = Enter the other parent or carer's relationship to the child
he-second-email = Their email address
he-second-phone = Their telephone number

he-reasons-title = Why you are educating your child at home
he-reasons-intro = You do not have to tell us why. If you do, it helps us offer the right support.
he-reasons = Select all that apply
he-reasons-error-exclusive = Select your reasons, or select 'I prefer not to say'
he-reasons-lifestyle = Philosophical or lifestyle reasons
he-reasons-unhappy = My child was unhappy at school, including bullying
he-reasons-health = My child's physical or mental health
he-reasons-needs-not-met = My child's additional learning needs were not being met
he-reasons-school-place = We did not get the school place we wanted
he-reasons-religion = Religious or cultural reasons
he-reasons-short-term = It is a short-term arrangement
he-reasons-other = Another reason
he-reasons-prefer-not = I prefer not to say
he-reasons-details = Anything else you want to tell us

he-support = What support would you like from us?
he-support-hint = Select all that apply
he-support-error-exclusive = Select the support you would like, or select 'No, thank you'
he-support-info-pack = An information pack about home education
he-support-meeting-home = A meeting at home
he-support-meeting-elsewhere = A meeting somewhere else, such as a library or council office
he-support-meeting-online = A meeting online
he-support-drop-in = Invitations to drop-in sessions
he-support-groups = Contact details for local home education groups
he-support-none = No, thank you

## Form 2: asking the council about additional learning needs
aln-name = Ask the council about additional learning needs
aln-start-title = Ask the council to decide about additional learning needs
aln-start-intro = Use this form to ask the council to decide whether a child or young person has additional learning needs (ALN), to take over a school's individual development plan (IDP), or to reconsider a school's decision. Schools can use it to refer a pupil.
    It takes about 20 to 30 minutes. You can attach reports and other documents, or send them later.
aln-declaration = The information I have given is correct to the best of my knowledge
aln-declaration-error-missing = Confirm that the information you have given is correct
aln-submit = Send request
aln-sent-title = Request sent
aln-next = A member of the additional learning needs team will contact you, in the language you chose, to talk about the learner.
    We will gather information, for example from the school and from people who know the learner, and write to you with our decision and our reasons.

aln-section-you = About you
aln-section-request = Your request
aln-section-learner = The learner
aln-section-agreement = Parent or young person
aln-section-needs = Needs and support
aln-section-documents = Documents
aln-section-you-team = The person asking
aln-section-request-team = What they ask the council to do

aln-due-decide = The council has 12 weeks to decide whether the learner has additional learning needs and, if they do, to give an IDP.
aln-due-reconsider = The council has 7 weeks to reconsider a school's decision.
# The clocks as entries in the team's calendar, after the reference.
aln-due-decide-event = decide on ALN and give an IDP (ALN Code 11.17)
aln-due-reconsider-event = reconsider the school's decision (ALN Act s.26)

aln-who = Who is asking?
aln-who-error-missing = Select who is asking
aln-who-school = A school or setting
aln-who-school-hint = For example a school, nursery or college, referring a learner on its roll
aln-who-parent = A parent or carer
aln-who-young-person = A young person, for myself
aln-who-young-person-hint = If you are over compulsory school age (after the last Friday in June of the school year you turn 16) and under 25
aln-who-professional = Another professional
aln-who-professional-hint = For example a health visitor, social worker or therapist

aln-you-title = Your details
aln-your-name = Full name
aln-your-name-error-missing = Enter your full name
aln-your-role = Your role
aln-your-role-hint = For example, additional learning needs co-ordinator (ALNCo) or headteacher
aln-your-role-error-missing = Enter your role
aln-your-organisation = Name of your school, setting or service
aln-your-organisation-error-missing = Enter the name of your school, setting or service
aln-your-relationship = Your relationship to the child
aln-your-relationship-hint = For example, mother, father, grandparent or foster carer
aln-your-relationship-error-missing = Enter your relationship to the child
aln-work-email = Work email address
aln-work-email-hint = Use your school or work address
aln-work-email-error-missing = Enter your work email address
aln-work-phone = Work telephone number
aln-work-phone-error-missing = Enter your work telephone number
aln-your-email = Email address
aln-your-email-hint = We will send you a confirmation with your reference number
aln-your-email-error-contact = Enter an email address or a telephone number
aln-your-phone = Telephone number
aln-contact-language = Which language should we use when we contact you?
aln-contact-language-error-missing = Select the language we should use when we contact you
aln-contact-language-cy = Cymraeg (Welsh)
aln-contact-language-en = English

aln-route = What do you want the council to do?
aln-route-error-missing = Select what you want the council to do
aln-route-error-referral-school = Only a school can refer a pupil. Select what you want the council to do
aln-route-error-reconsider-family = Only a parent, carer or young person can ask the council to reconsider a school's decision. Select what you want the council to do
aln-route-decide = Decide whether the learner has additional learning needs
aln-route-decide-hint = For example, if they are under school age, at an independent school or not in school
aln-route-home-educated = Decide about additional learning needs for a child educated at home
aln-route-home-educated-hint = The council decides for children educated at home, and makes the plan if they need one
aln-route-school-referral = Refer a pupil to the council (schools only)
aln-route-school-referral-hint = When the school cannot work out the pupil's needs, or the help they need would not be reasonable for the school to give
aln-route-take-over = Take over an IDP that a school keeps now
aln-route-take-over-hint = For example, if the learner needs help the school cannot arrange
aln-route-reconsider = Reconsider a school's decision or IDP
aln-route-reconsider-hint = If you disagree with a school's decision about additional learning needs, or with what is in its IDP

aln-learner-title = About the learner
aln-learner-first-name = First name
aln-learner-first-name-error-missing = Enter the learner's first name
aln-learner-last-name = Last name
aln-learner-last-name-error-missing = Enter the learner's last name
aln-learner-dob = Date of birth
aln-learner-dob-hint = For example, 27 3 2015
aln-learner-dob-error-missing = Enter the learner's date of birth
aln-learner-dob-error-incomplete = Date of birth must include { $part }
aln-learner-dob-error-real = Date of birth must be a real date
aln-learner-dob-error-past = Date of birth must be in the past
aln-learner-dob-error-too-old = The learner must be 25 or under. Check the date of birth
aln-learner-address-1 = Address line 1
aln-learner-address-1-error-missing = Enter address line 1, typically the building and street
aln-learner-address-2 = Address line 2
aln-learner-town = Town or city
aln-learner-town-error-missing = Enter town or city
aln-learner-postcode = Postcode
aln-learner-postcode-error-missing = Enter postcode
aln-learner-setting = School, college or setting
aln-learner-setting-hint = Leave this blank if they do not go to one
aln-learner-setting-error-referral = Enter the name of the school the pupil is on the roll of
aln-learner-year = Year group
aln-learner-year-hint = For example, Reception or Year 4
aln-looked-after = Is the learner looked after by a council?
aln-looked-after-hint = For example, in foster care arranged by a council
aln-looked-after-error-missing = Select whether the learner is looked after by a council
aln-looked-after-yes = Yes
aln-looked-after-no = No
aln-looked-after-not-sure = I do not know

aln-language-title = Language
aln-language-intro = The council must consider whether the learner needs help in Welsh. These answers help us do that.
aln-education-language = Which language is the learner mainly taught in?
aln-education-language-error-missing = Select the language the learner is mainly taught in
aln-education-language-welsh = Welsh
aln-education-language-english = English
aln-education-language-bilingual = Welsh and English
aln-education-language-none = They are not in a school or setting
aln-home-language = Which language or languages does the learner use at home?
aln-home-language-hint = For example, Welsh, English, Polish or British Sign Language
aln-home-language-error-missing = Enter the language or languages the learner uses at home
aln-welsh-provision = Does the learner need help in Welsh?
aln-welsh-provision-hint = Additional learning provision can be given in Welsh
aln-welsh-provision-error-missing = Select whether the learner needs help in Welsh
aln-welsh-provision-yes = Yes
aln-welsh-provision-no = No
aln-welsh-provision-not-sure = I do not know

aln-agreement-title = The parent or young person
aln-agreement-intro = The learner's parent, or the young person if they are over compulsory school age, should know about this request. A young person must agree before the council decides or makes a plan for them.
aln-agreement = Does the parent or young person know about this request and agree to it?
aln-agreement-error-missing = Select whether the parent or young person knows about this request and agrees to it
aln-agreement-agrees = Yes, they know and agree
aln-agreement-knows = They know, but have not agreed
aln-agreement-not-told = They do not know yet
aln-agreement-details = Anything we should know about this

aln-needs-title = Needs and support
aln-needs = What are the learner's needs?
aln-needs-hint = Tell us what they find difficult, and what they are good at
aln-needs-error-missing = Enter the learner's needs
aln-provision = What help does the learner get now?
aln-provision-hint = For example, support in class, therapy or a one-page profile. Write 'none' if they get no help
aln-provision-error-missing = Enter the help the learner gets now
aln-provision-since = How long have they had this help?
aln-provision-since-hint = For example, since September 2025
aln-provision-since-error-missing = Enter how long they have had this help
aln-professionals = Which professionals are involved?
aln-professionals-hint = For example, an educational psychologist, speech and language therapist or paediatrician
aln-views = What does the learner think?
aln-views-hint = In their own words if you can. If you could not ask them, tell us why
aln-views-error-missing = Enter what the learner thinks

aln-documents-title = Documents
aln-documents-intro = You can attach reports, plans or letters, for example from a doctor, a therapist or an educational psychologist. This is optional: you can send them later.
aln-documents-files = Files attached

## File uploads, for every form with an upload page (the engine asks for these keys by
## name, src/service/forms/upload.rs, whatever the form).
upload-error-missing = Select a file
upload-error-empty = The selected file is empty
upload-error-type = The selected file must be a PDF, Word document, OpenDocument text, JPG or PNG
upload-error-too-big = The selected file must be smaller than 5 MB
upload-error-too-many = You can only add up to { $max } files
upload-error-total = The selected file is too large to add: all files together must be smaller than 12 MB

# The team e-mail's question labels: whose answer it is, where the form's own label says "you".
he-attended-team = Is the child on a school roll now, or have they been?
he-written-notice-team = Has the parent written to the school to say they are educating the child at home?
he-special-school-team = Is the child at a special school that the council arranged for them?
he-aln-plan-team = Does the child have additional learning needs or a plan?
he-aln-details-team = The child's needs, in the parent's words
he-parent-name-team = Parent's or carer's full name
he-parent-relationship-team = Relationship to the child
he-parent-email-team = Parent's or carer's email address
he-parent-phone-team = Parent's or carer's telephone number
he-contact-language-team = Language to use when contacting the parent
he-reasons-details-team = Anything else the parent wants to tell us
he-support-team = Support the parent would like from us
aln-your-name-team = Full name of the person asking
aln-your-role-team = Role of the person asking
aln-your-organisation-team = School, setting or service of the person asking
aln-your-relationship-team = Relationship of the person asking to the child
aln-your-email-team = Email address of the person asking
aln-your-phone-team = Telephone number of the person asking
aln-contact-language-team = Language to use when contacting the person asking
aln-route-team = What the person asking wants the council to do
