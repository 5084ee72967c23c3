# The three forms: shared page furniture, then each form's questions and messages.
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
forms-not-sent-title = Sorry, we could not send your form
forms-not-sent-body = Your answers have been kept. Try again in a few minutes.
    If it still does not work, email or phone us.
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

## File uploads, for every form with an upload page (the engine asks for these keys by
## name, src/service/forms/upload.rs, whatever the form).
upload-error-missing = Select a file
upload-error-empty = The selected file is empty
upload-error-type = The selected file must be a PDF, Word document, OpenDocument text, JPG or PNG
upload-error-too-big = The selected file must be smaller than 5 MB
upload-error-too-many = You can only add up to { $max } files
upload-error-total = The selected file is too large to add: all files together must be smaller than 12 MB

## Form 1: a request for an EHC needs assessment
ehc-name = Ask for an EHC needs assessment
ehc-start-title = Ask for an education, health and care (EHC) needs assessment
ehc-start-intro = Use this form to ask us to carry out an EHC needs assessment for a child or a young person under 25. A parent or carer, a young person (someone over compulsory school age and under 25), or someone acting for a school or college can ask.
    You do not need a diagnosis, an educational psychologist's report or a set amount of support from the school before you ask.
    We must tell the child's parent, or the young person, within 6 weeks of receiving this request whether we will carry out an assessment.
    It takes about 30 minutes. You can attach reports and other documents, or send them later.
ehc-declaration = The information I have given is correct to the best of my knowledge
ehc-declaration-error-missing = Confirm that the information you have given is correct
ehc-submit = Send request
ehc-sent-title = Request sent
ehc-next = We will read your request and any documents you sent. We may ask the school or college, and professionals who know the child or young person, for information.
# What happens next, written for who asked (the form's [[next]]), with the dates.
ehc-next-parent = We will write to you by { $due-decision } to tell you whether we will carry out an EHC needs assessment for { $name }. If we decide not to, our letter will give our reasons and explain how you can appeal.
    If we assess { $name } and decide to make an EHC plan, you will get a draft plan to comment on first, and the final plan by { $due-final-plan }.
ehc-next-young-person = We will write to you by { $due-decision } to tell you whether we will carry out an EHC needs assessment. If we decide not to, our letter will give our reasons and explain how you can appeal.
    If we assess you and decide to make an EHC plan, you will get a draft plan to comment on first, and the final plan by { $due-final-plan }.
ehc-next-setting = We will ask { $name }'s parent, or { $name } if they are a young person, for their views. We will tell them by { $due-decision } whether we will carry out an EHC needs assessment, and let you know.
    If we assess and decide to make an EHC plan, the final plan is due by { $due-final-plan }.

ehc-section-you = About you
ehc-section-child = The child or young person
ehc-section-parent = Parent or carer
ehc-section-views = Views and needs
ehc-section-support = Support so far
ehc-section-evidence = Professionals and progress
ehc-section-documents = Documents
# The team email titles sections by whose details they are.
ehc-section-you-team = The person asking

ehc-due-decide = 6 weeks from receipt: decide whether to carry out an EHC needs assessment (SEND Regulations 2014, regulation 5(1))
ehc-due-no-plan = 16 weeks from receipt: tell the family if we will not issue an EHC plan after assessing (regulation 10(1))
ehc-due-final-plan = 20 weeks from receipt: issue the final EHC plan (regulation 13(2))
# The clocks as entries in the team's calendar, after the reference.
ehc-due-decide-event = decide whether to assess (reg 5(1))
ehc-due-no-plan-event = tell the family if no EHC plan will be made (reg 10(1))
ehc-due-final-plan-event = issue the final EHC plan (reg 13(2))

ehc-who = Who is asking?
ehc-who-error-missing = Select who is asking
ehc-who-parent = A parent or carer
ehc-who-parent-hint = Of a child or young person up to age 25
ehc-who-young-person = A young person, for myself
ehc-who-young-person-hint = If you are over compulsory school age (usually 16) and under 25
ehc-who-setting = Someone acting for a school or college
ehc-who-setting-hint = For example the SENCO or head teacher, asking for a pupil or student

ehc-you-title = Your details
ehc-your-name = Full name
ehc-your-name-error-missing = Enter your full name
ehc-your-role = Your role
ehc-your-role-hint = For example, SENCO
ehc-your-role-error-missing = Enter your role
ehc-your-organisation = Name of the school or college
ehc-your-organisation-error-missing = Enter the name of the school or college
ehc-your-relationship = Your relationship to the child or young person
ehc-your-relationship-hint = For example, mother, father, grandparent or foster carer
ehc-your-relationship-error-missing = Enter your relationship to the child or young person
ehc-work-email = Work email address
ehc-work-email-hint = We will send a confirmation to this address
ehc-work-email-error-missing = Enter your work email address
ehc-work-phone = Work telephone number
ehc-work-phone-error-missing = Enter your work telephone number
ehc-your-email = Email address
ehc-your-email-hint = We will send a confirmation to this address
ehc-your-email-error-contact = Enter an email address or a telephone number, so we can contact you
ehc-your-phone = Telephone number

ehc-child-title = The child or young person
ehc-child-first-name = First name
ehc-child-first-name-error-missing = Enter their first name
ehc-child-last-name = Last name
ehc-child-last-name-error-missing = Enter their last name
ehc-child-dob = Date of birth
ehc-child-dob-hint = For example, 27 3 2015
ehc-child-dob-error-missing = Enter their date of birth
ehc-child-dob-error-incomplete = Date of birth must include { $part }
ehc-child-dob-error-real = Date of birth must be a real date
ehc-child-dob-error-past = Date of birth must be in the past
ehc-child-dob-error-too-old = An EHC needs assessment is for children and young people up to age 25. Check the date of birth
ehc-child-address-1 = Address line 1
ehc-child-address-1-error-missing = Enter address line 1, typically the building and street
ehc-child-address-2 = Address line 2
ehc-child-town = Town or city
ehc-child-town-error-missing = Enter town or city
ehc-child-postcode = Postcode
ehc-child-postcode-error-missing = Enter postcode
ehc-child-setting = School, college or early years setting
ehc-child-setting-hint = Leave blank if they are not at one
ehc-child-setting-error-setting = Enter the name of the school or college
ehc-child-year = Year group
ehc-child-year-hint = For example, Year 4
ehc-looked-after = Is the child looked after by a council?
ehc-looked-after-hint = For example, in foster care arranged by a council
ehc-looked-after-error-missing = Select yes if the child is looked after by a council
ehc-looked-after-yes = Yes
ehc-looked-after-no = No
ehc-looked-after-not-sure = Not sure

ehc-parent-title = The parent or carer
ehc-parent-intro = A school should ask for an assessment with the family's knowledge and, ideally, their agreement. We will contact the parent, or the young person, before we decide.
ehc-parent-agreement = Does the parent or carer know about this request?
ehc-parent-agreement-error-missing = Select whether the parent or carer knows about this request
ehc-parent-agreement-agrees = Yes, and they agree with it
ehc-parent-agreement-knows = Yes, but they do not agree with it
ehc-parent-agreement-not-told = No, they have not been told yet
ehc-parent-name = Parent or carer's full name
ehc-parent-name-error-missing = Enter the parent or carer's full name
ehc-parent-contact = Parent or carer's telephone number or email address
ehc-parent-contact-hint = So we can consult them
ehc-parent-contact-error-missing = Enter the parent or carer's telephone number or email address
ehc-parent-views = What the parent or carer knows and thinks
ehc-parent-views-hint = Their view of the child's needs and of the support so far, in their words where you can
ehc-parent-views-error-missing = Enter what the parent or carer knows and thinks

ehc-views-title = Views
ehc-views-intro = We want to know the views, wishes and feelings of the child and their parent, or of the young person.
ehc-child-views = The child or young person's views
ehc-child-views-hint = What they like, what they find hard, and what they would like to happen. Write "not known" if you cannot ask them
ehc-child-views-error-missing = Enter the child or young person's views
ehc-family-views = Anything else you want us to know
ehc-family-views-hint = For example, why you are asking now

ehc-needs-title = Needs
ehc-areas = Which areas of need apply?
ehc-areas-hint = Select all that apply
ehc-areas-error-missing = Select the areas of need, or select 'Not sure'
ehc-areas-error-exclusive = Select the areas of need, or select 'Not sure'
ehc-areas-communication = Communication and interaction
ehc-areas-cognition = Cognition and learning
ehc-areas-semh = Social, emotional and mental health
ehc-areas-sensory-physical = Sensory or physical needs
ehc-areas-not-sure = Not sure
ehc-needs = Their special educational needs
ehc-needs-hint = What they find difficult, and how this affects their learning and daily life
ehc-needs-error-missing = Describe their special educational needs

ehc-support-title = Support so far
ehc-support-intro = Tell us about the special educational support already given, one period of support at a time: what was done, when it began, and when and how it was reviewed. If you are a parent or young person and do not know, tell us what you do know: we will ask the school.
ehc-support-start = When this support began
ehc-support-start-hint = For example, 1 9 2025
ehc-support-start-error-missing = Enter when this support began
ehc-support-start-error-incomplete = When this support began must include { $part }
ehc-support-start-error-real = When this support began must be a real date
ehc-support-start-error-future = When this support began must be today or in the past
ehc-support-what = What support was given
ehc-support-what-hint = For example, daily small-group reading with a teaching assistant, speech and language therapy every two weeks
ehc-support-what-error-missing = Enter what support was given
ehc-support-review = When it was reviewed
ehc-support-review-hint = For example, 12 12 2025
ehc-support-review-error-incomplete = When it was reviewed must include { $part }
ehc-support-review-error-real = When it was reviewed must be a real date
ehc-support-review-error-future = When it was reviewed must be today or in the past
ehc-support-review-error-before-start = When it was reviewed must be after the support began
ehc-support-outcome = What the review found
ehc-support-outcome-hint = The progress made, and what changed next

ehc-cycles-title = Support you have told us about
ehc-another = Do you need to tell us about another period of support?
ehc-another-error-missing = Select yes if you need to tell us about another period of support
ehc-another-yes = Yes
ehc-another-no = No

ehc-evidence-title = Professionals and progress
ehc-professionals = Professionals involved
ehc-professionals-hint = For example, an educational psychologist, paediatrician, speech and language therapist or social worker: their name, role and the date of their last report
ehc-attainment = Attainment and progress
ehc-attainment-hint = How their attainment and rate of progress compare with others of the same age, over time
ehc-attainment-error-setting = Enter the pupil's attainment and progress over time

ehc-documents-title = Documents
ehc-documents-intro = You can attach reports, support plans, provision maps or records of progress. This is optional: you can send them later.
ehc-documents-files = Files attached

## Form 2: telling the council about home education (England)
ehe-name = Tell us you are home educating
ehe-start-title = Tell us you are educating your child at home
ehe-start-intro = You do not need our permission to educate your child at home. Telling us is voluntary.
    If your child is on a school roll, the step the law asks for is a letter or email to the school saying your child will be educated at home. The school then takes your child's name off its roll and tells us.
    The one exception is a child at a special school where the council arranged the place: the council must agree before their name comes off the roll. This form asks about that.
    You can tell us about more than one child on this form.
ehe-declaration = I am the child's parent or carer, and the information I have given is correct to the best of my knowledge
ehe-declaration-error-missing = Confirm that you are the child's parent or carer and the information is correct
ehe-submit = Send notification
ehe-sent-title = Notification sent
# What to do next, for each child, from the answers (the form's [[next]]).
ehe-next-special = { $name }: the council arranged this place at a special school, so the school can take { $name } off its roll only when the council agrees. We will contact you about this. If you have not written to the head teacher yet, write now. Until the council agrees, { $name } stays on the roll and must keep going to school.
ehe-next-written = { $name }: you have written to { $school-name }, so the school must take { $name } off its roll once { $leave-date } has passed, and tell us (School Attendance (Pupil Registration) (England) Regulations 2024, regulation 9). You do not need to do anything else about the school.
ehe-next-write = { $name }: write to the head teacher of { $school-name } now, by letter or email, to say that you are educating { $name } at home from { $leave-date }. Your letter is what takes { $name } off the school's roll (School Attendance (Pupil Registration) (England) Regulations 2024, regulation 9): telling us is not enough on its own. Until the school has your letter and that date has passed, { $name } stays on the roll and must keep going to school.
ehe-next = A member of the elective home education team will contact you to offer information and support.
    You do not have to meet us, and a meeting does not have to be at your home.

ehe-section-child = Child
ehe-section-parent = Your details
ehe-section-reasons = Reasons and support
ehe-section-parent-team = Parent or carer who sent the form

ehe-child-title = About your child
ehe-child-first-name = First name
ehe-child-first-name-error-missing = Enter your child's first name
ehe-child-last-name = Last name
ehe-child-last-name-error-missing = Enter your child's last name
ehe-child-dob = Date of birth
ehe-child-dob-hint = For example, 27 3 2015
ehe-child-dob-error-missing = Enter your child's date of birth
ehe-child-dob-error-incomplete = Date of birth must include { $part }
ehe-child-dob-error-real = Date of birth must be a real date
ehe-child-dob-error-past = Date of birth must be in the past
ehe-child-dob-error-too-old = Your child must be of compulsory school age. Check the date of birth: children leave compulsory school age on the last Friday of June in the school year they turn 16
ehe-child-dob-error-too-young = Your child must be of compulsory school age, or reach it within a year. Check the date of birth

ehe-attended = Is your child on a school roll now, or have they been?
ehe-attended-error-missing = Select yes if your child is on a school roll now, or has been
ehe-attended-yes = Yes
ehe-attended-no = No, they have never been to school
ehe-school-name = Name of the school
ehe-school-name-error-missing = Enter the name of the school
ehe-written-notice = Have you told the school in writing?
ehe-written-notice-error-missing = Select whether you have told the school in writing
ehe-written-notice-sent = Yes, I have written to the school
ehe-written-notice-not-yet = Not yet
ehe-written-notice-not-yet-hint = A letter or email to the school is the step that takes your child off the roll. Telling us is not enough on its own
ehe-leave-date = Date home education starts
ehe-leave-date-hint = The date in your letter to the school. For example, 15 9 2026
ehe-leave-date-error-missing = Enter the date home education starts
ehe-leave-date-error-incomplete = Date home education starts must include { $part }
ehe-leave-date-error-real = Date home education starts must be a real date
ehe-leave-date-error-too-late = Date home education starts must be within the next year
ehe-leave-date-error-before-birth = Date home education starts must be after your child's date of birth

ehe-special-title = Special schools
ehe-special-intro = If your child is at a special school and the council arranged their place, the council must agree before the school can take their name off the roll.
    This does not apply to any other school, including a mainstream school when your child has an EHC plan. You can still send this form.
ehe-special-school = Is your child at a special school where the council arranged the place?
ehe-special-school-error-missing = Select yes if your child is at a special school where the council arranged the place
ehe-special-school-yes = Yes
ehe-special-school-yes-hint = We will contact you about the council's agreement
ehe-special-school-no = No
ehe-special-school-no-hint = Including a special school place you arranged and pay for yourself
ehe-special-school-not-sure = Not sure

ehe-send-title = Special educational needs
ehe-send-support = Does your child have special educational needs?
ehe-send-support-error-missing = Select whether your child has special educational needs
ehe-send-support-ehc-plan = Yes, they have an EHC plan
ehe-send-support-ehc-plan-hint = We will still review the plan at least once a year
ehe-send-support-sen-support = Yes, they had SEN support at school, without an EHC plan
ehe-send-support-none = No
ehe-send-support-not-sure = Not sure
ehe-send-details = Anything you want to tell us about their needs
ehe-send-details-hint = For example, support you would like information about

ehe-children-title = Children you are telling us about
ehe-another = Do you need to tell us about another child?
ehe-another-error-missing = Select yes if you need to tell us about another child
ehe-another-yes = Yes
ehe-another-no = No

ehe-parent-title = Your details
ehe-parent-intro = We need at least one way to contact you: an email address or a telephone number.
ehe-parent-name = Full name
ehe-parent-name-error-missing = Enter your full name
ehe-parent-relationship = Your relationship to the child
ehe-parent-relationship-hint = For example, mother, father, grandparent or foster carer
ehe-parent-relationship-error-missing = Enter your relationship to the child
ehe-address-line-1 = Address line 1
ehe-address-line-1-error-missing = Enter address line 1, typically the building and street
ehe-address-line-2 = Address line 2
ehe-address-town = Town or city
ehe-address-town-error-missing = Enter town or city
ehe-address-postcode = Postcode
ehe-address-postcode-error-missing = Enter postcode
ehe-parent-email = Email address
ehe-parent-email-hint = We will send a confirmation to this address
ehe-parent-email-error-contact = Enter an email address or a telephone number, so we can contact you
ehe-parent-phone = Telephone number

ehe-reasons-title = Reasons and support
ehe-reasons-intro = You do not have to give a reason for home educating. If you tell us, it helps us offer the right information and support.
ehe-reasons = Why have you decided to home educate?
ehe-reasons-error-exclusive = Select your reasons, or select 'I prefer not to say'
ehe-reasons-philosophy = It is the education we want for our child
ehe-reasons-unhappy = My child was unhappy at school
ehe-reasons-health = Physical or mental health
ehe-reasons-needs-not-met = Their special educational needs were not being met
ehe-reasons-school-place = We did not get the school place we wanted
ehe-reasons-religion = Religious or cultural reasons
ehe-reasons-short-term = For a short time, before a return to school
ehe-reasons-other = Another reason
ehe-reasons-prefer-not = I prefer not to say
ehe-support = What information or support would you like?
ehe-support-hint = Select all that apply
ehe-support-error-exclusive = Select the support you would like, or select 'None, thank you'
ehe-support-information = Information about home education
ehe-support-meeting = A meeting with the home education team
ehe-support-exams = Information about exams and qualifications
ehe-support-none = None, thank you

## Form 3: referring a child missing education
cme-name = Refer a child missing education
cme-start-title = Refer a child who may be missing education
cme-start-intro = This form is not for emergencies. If a child is in immediate danger, call 999. If you are worried about a child's safety, call children's services now on { $childrens_services_phone }, before you use this form. We read referrals in office hours only.
    Use this form if you are a school or a professional and you think a child of compulsory school age is not on a school roll and not receiving a suitable education otherwise: for example, they have stopped attending and cannot be contacted, or have moved away and you do not know where.
    A child who is absent but still on your school roll is not missing education in this sense: follow your attendance procedures.
    Before you refer, make reasonable enquiries, for example phone calls, a home visit, and checks with the emergency contacts. You will be asked what you have done.
cme-declaration = The information I have given is correct to the best of my knowledge, and I have reported any immediate risk to children's services or the police
cme-declaration-error-missing = Confirm that the information is correct and you have reported any immediate risk
cme-submit = Send referral
cme-sent-title = Referral sent
cme-next = The children missing education team will check the child's details and may contact you for more information. We will tell you what we find if you need to know.
    If you become worried that the child is at immediate risk, call children's services or the police straight away: do not wait for us.

cme-section-referral = About you
cme-section-child = The child
cme-section-concern = Concern and checks
cme-section-safeguarding = Safeguarding
cme-section-referral-team = The person referring

cme-safety-title = Is the child at immediate risk?
cme-safety-intro = This form is not an emergency route. If a child is in immediate danger, call 999. If you think a child is at risk of harm, call children's services first and follow your safeguarding procedures.
cme-immediate-risk = Have you reported any immediate risk?
cme-immediate-risk-error-missing = Select whether you have reported any immediate risk
cme-immediate-risk-no = I do not think the child is at immediate risk
cme-immediate-risk-reported = I have already reported my concern to children's services or the police
cme-immediate-risk-reported-hint = Give the details on the safeguarding page

cme-referrer-title = Your details
cme-referrer-type = Who are you referring for?
cme-referrer-type-error-missing = Select who you are referring for
cme-referrer-type-school = A school
cme-referrer-type-council = A council team, or another council
cme-referrer-type-health = A health service
cme-referrer-type-social-care = Children's social care
cme-referrer-type-police = The police
cme-referrer-type-other = Another organisation
cme-your-name = Full name
cme-your-name-error-missing = Enter your full name
cme-your-role = Your role
cme-your-role-hint = For example, designated safeguarding lead or attendance officer
cme-your-role-error-missing = Enter your role
cme-your-organisation = Organisation
cme-your-organisation-error-missing = Enter your organisation
cme-work-email = Work email address
cme-work-email-hint = We will send a confirmation to this address
cme-work-email-error-missing = Enter your work email address
cme-work-phone = Work telephone number
cme-work-phone-error-missing = Enter your work telephone number

cme-child-title = The child
cme-child-first-name = First name
cme-child-first-name-error-missing = Enter the child's first name
cme-child-last-name = Last name
cme-child-last-name-error-missing = Enter the child's last name
cme-child-dob = Date of birth
cme-child-dob-hint = For example, 27 3 2015
cme-child-dob-error-missing = Enter the child's date of birth
cme-child-dob-error-incomplete = Date of birth must include { $part }
cme-child-dob-error-real = Date of birth must be a real date
cme-child-dob-error-past = Date of birth must be in the past
cme-child-dob-error-too-old = The child must be of compulsory school age. Children leave compulsory school age on the last Friday of June in the school year they turn 16
cme-child-dob-error-too-young = The child must be of compulsory school age, or reach it within a year. Check the date of birth
cme-child-upn = Unique pupil number (UPN)
cme-child-upn-hint = If you know it
cme-address-line-1 = Last known address line 1
cme-address-line-1-hint = Typically the building and street
cme-address-line-1-error-missing = Enter the last known address, line 1
cme-address-line-2 = Address line 2
cme-address-town = Town or city
cme-address-town-error-missing = Enter the town or city of the last known address
cme-address-postcode = Postcode
cme-parents = Parents or carers
cme-parents-hint = Names, relationship to the child, and any telephone numbers or addresses you have

cme-school-title = School
cme-school-name = Last known school
cme-school-name-hint = Leave blank if the child has no school
cme-last-seen = Date the child last attended or was last seen
cme-last-seen-hint = For example, 14 11 2026
cme-last-seen-error-incomplete = Date last attended or seen must include { $part }
cme-last-seen-error-real = Date last attended or seen must be a real date
cme-last-seen-error-future = Date last attended or seen must be today or in the past

cme-concern-title = Your concern
cme-reason = Why do you think the child is missing education?
cme-reason-error-missing = Select why you think the child is missing education
cme-reason-stopped-attending = They have stopped attending and the family cannot be contacted
cme-reason-stopped-attending-hint = Do not refer for absence alone while you are still in contact with the family
cme-reason-moved-away = They have moved away and the new school is not known
cme-reason-not-started = They did not start at a school place offered to them
cme-reason-no-school = They live in the area and are not on any school roll
cme-reason-no-school-hint = For example, a family new to the area who have not applied for a place
cme-reason-other = Something else
cme-reason-details = Tell us more
cme-reason-details-hint = What you know, and when and how you found out
cme-reason-details-error-missing = Tell us more about your concern

cme-enquiries-title = Checks you have made
cme-enquiries-intro = Tell us the reasonable enquiries you have made to find the child, with dates and what happened.
cme-checks = Which checks have you made?
cme-checks-error-missing = Select the checks you have made, or select 'None yet'
cme-checks-error-exclusive = Select the checks you have made, or select 'None yet'
cme-checks-phone = Phone calls to the parents or carers
cme-checks-emergency-contacts = Calls to the emergency contacts
cme-checks-home-visit = A home visit
cme-checks-letter = A letter to the parents or carers
cme-checks-siblings = Checks with brothers' and sisters' schools
cme-checks-other-agencies = Checks with other agencies, for example health or housing
cme-checks-receiving-council = Contact with the council or school the family may have moved to
cme-checks-none = None yet
cme-checks-details = Dates and outcomes
cme-checks-details-hint = For each check: when, who made it, and what happened. For a home visit, say who you saw
cme-checks-details-error-missing = Enter the dates and outcomes of your checks

cme-safeguarding-title = Safeguarding
cme-safeguarding-intro = If you have a safeguarding concern, report it to children's services now and follow your safeguarding procedures. Do not wait for the children missing education process.
cme-status = Does any of this apply to the child?
cme-status-hint = Select all that apply
cme-status-error-missing = Select what applies to the child, or select 'None known'
cme-status-error-exclusive = Select what applies to the child, or select 'None known'
cme-status-looked-after = Looked after by a council
cme-status-child-protection = Has a child protection plan
cme-status-child-in-need = Child in need, or known to children's social care
cme-status-ehc-plan = Has an EHC plan
cme-status-sen-support = Has SEN support
cme-status-none-known = None known
cme-safeguarding = Do you have a safeguarding concern about the child?
cme-safeguarding-error-missing = Select yes if you have a safeguarding concern about the child
cme-safeguarding-yes = Yes
cme-safeguarding-no = No
cme-safeguarding-details = Your concern, and who you have told
cme-safeguarding-details-hint = Include the date you contacted children's services or the police, and any reference they gave you
cme-safeguarding-details-error-missing = Enter your safeguarding concern and who you have told

## Form 4: a comment on the Local Offer (England)
loc-name = Comment on our Local Offer
loc-start-title = Comment on our Local Offer
loc-start-intro = Tell us what is useful, missing, wrong or hard to find in our Local Offer, or about the services it describes. Your comment helps us improve it.
    We publish comments without names, with our response, if the person who sent them agrees. You will be asked about this.
    This form is not for complaints, or for questions about one child's own case. To complain, read the complaints page of our Local Offer. For help with your child's case, contact the SEND team or SENDIASS.
loc-declaration = I understand that a comment is not a complaint, and that you will never publish my name
loc-declaration-error-missing = Confirm that you understand a comment is not a complaint
loc-submit = Send comment
loc-sent-title = Comment sent
loc-next = We will read your comment and pass it to the team or service it is about. If you gave an email address, we will reply.
    If you agreed, we will publish your comment without your name in "You said, we did", with our response.

loc-section-comment = Your comment
loc-section-about = About you

loc-comment-title = Your comment
loc-comment = What would you like to tell us?
loc-comment-hint = For example, what you were looking for, what was wrong or missing, or what worked well. Do not include your child's name or other personal details.
loc-comment-error-missing = Enter your comment
loc-part = Which part of the Local Offer is it about?
loc-part-education = Education: nurseries, schools and colleges
loc-part-health = Health and therapies
loc-part-social-care = Social care and short breaks
loc-part-travel = Travel and transport
loc-part-adulthood = Preparing for adulthood
loc-part-leisure = Leisure and holidays
loc-part-advice = Information, advice and support
loc-part-directory = The directory of services
loc-part-directory-hint = For example, an entry that is wrong or out of date, or a service that is missing
loc-part-website = How the website works
loc-part-other = Something else

loc-publish-title = Publishing your comment
loc-publish-intro = The law says we must publish the comments we receive about our Local Offer, with our response. We never publish names, or anything that could identify you or your child. We do not publish comments that are abusive or about one child's own case.
loc-publish = Can we publish your comment without your name?
loc-publish-error-missing = Select yes if we can publish your comment without your name
loc-publish-yes = Yes, you can publish it without my name
loc-publish-no = No, do not publish it

loc-about-title = About you
loc-about-intro = These questions are optional. Give your name and email address only if you would like a reply.
loc-who = Who are you?
loc-who-parent = A parent or carer
loc-who-young-person = A young person (over compulsory school age and under 25)
loc-who-child = A child
loc-who-on-behalf = Someone commenting for a child, young person or parent
loc-who-professional = Someone who works with children or young people
loc-who-other = Someone else
loc-your-name = Your name
loc-your-email = Email address
loc-your-email-hint = We will send a confirmation and our reply to this address

forms-bad-text-body = Your browser sent characters we could not read.
    Go back, check your answers and try again. If that does not work, email or phone us.
forms-bad-text-title = Some of your answers could not be read
forms-cross-site-body = To keep your information safe, we only accept answers sent from this website's own pages.
    Go back to the form on this website and send your answers again. If that does not work, email or phone us.
forms-cross-site-title = Your answers came from another website
forms-not-sent-phone = You can also phone us on { $phone }.

# The team e-mail's question labels: whose answer it is, where the form's own label says "you".
ehc-your-name-team = Full name of the person asking
ehc-your-role-team = Role of the person asking
ehc-your-relationship-team = Relationship of the person asking to the child or young person
ehc-your-email-team = Email address of the person asking
ehc-your-phone-team = Telephone number of the person asking
ehc-family-views-team = Anything else the person asking wants us to know
ehe-attended-team = Is the child on a school roll now, or have they been?
ehe-written-notice-team = Has the parent told the school in writing?
ehe-special-school-team = Is the child at a special school where the council arranged the place?
ehe-send-support-team = Does the child have special educational needs?
ehe-send-details-team = The child's needs, in the parent's words
ehe-parent-name-team = Parent's or carer's full name
ehe-parent-relationship-team = Relationship to the child
ehe-parent-email-team = Parent's or carer's email address
ehe-parent-phone-team = Parent's or carer's telephone number
ehe-reasons-team = Why the parent decided to home educate
ehe-support-team = Information or support the parent would like
cme-immediate-risk-team = Has the referrer reported any immediate risk?
cme-referrer-type-team = Who the referrer is referring for
cme-your-name-team = Referrer's full name
cme-your-role-team = Referrer's role
cme-your-organisation-team = Referrer's organisation
cme-reason-team = Why the referrer thinks the child is missing education
cme-checks-team = Checks the referrer has made
cme-safeguarding-team = Does the referrer have a safeguarding concern about the child?
cme-safeguarding-details-team = The referrer's concern, and who they have told
loc-comment-team = The comment
loc-publish-team = Can we publish the comment without the person's name?
loc-who-team = Who is commenting
loc-your-name-team = Name of the person commenting
loc-your-email-team = Email address of the person commenting
