# Y ddwy ffurflen: darnau cyffredin y tudalennau, yna cwestiynau a negeseuon pob ffurflen.
# Mae'r allweddi'n dilyn src/forms/spec.rs: {ffurflen}-{maes}, -hint, -{dewis}, -error-{cod}.

## Cyffredin
forms-back = Yn ôl
forms-continue = Parhau
forms-start = Dechrau nawr
forms-change = Newid
forms-remove = Dileu
forms-optional = (dewisol)
forms-or = neu
forms-day = Diwrnod
forms-month = Mis
forms-year = Blwyddyn
forms-error-prefix = Gwall
forms-error-title-prefix = Gwall:
forms-another-error-max = Gallwch ychwanegu hyd at { $max } ar un ffurflen. Ffoniwch ni i ddweud wrthym am ragor.
forms-error-summary-title = Mae problem
forms-honeypot = Gadewch y maes hwn yn wag
forms-switch-language = Cadw a pharhau yn Gymraeg
forms-time-limit = Byddwn yn dileu eich atebion os na fyddwch yn gwneud dim am { $minutes } munud. Bydd angen i chi ddechrau eto wedyn.
forms-not-provided = Heb ei roi
forms-check-title = Edrychwch dros eich atebion cyn anfon eich ffurflen
forms-send-heading = Nawr anfonwch eich ffurflen
forms-privacy-link = Darllenwch sut rydym yn defnyddio eich gwybodaeth (hysbysiad preifatrwydd)
forms-declaration-legend = Datganiad
# Gwirio eich atebion: copi o'r atebion yn y gydnabyddiaeth, os gofynnir amdano (tudalen breifatrwydd, "Copi o'ch atebion").
forms-copy = Anfonwch gopi o fy atebion ataf
forms-copy-hint = Byddwn ni'n eu hychwanegu at yr e-bost sy'n dweud bod eich ffurflen wedi dod i law, os rhoesoch chi gyfeiriad e-bost. Dydyn ni ddim yn anfon eich dogfennau. Ticiwch hwn dim ond os nad oes neb arall yn darllen eich e-byst.
forms-reference-is = Eich cyfeirnod
forms-keep-reference = Cadwch y cyfeirnod hwn. Bydd ei angen arnoch os byddwch yn cysylltu â ni am eich ffurflen.
forms-email-sent = Rydym wedi anfon e-bost atoch i gadarnhau bod eich ffurflen gennym.
forms-what-next = Beth sy'n digwydd nesaf
forms-due = Byddwn yn ymateb erbyn { $date }.
forms-contact = Os oes gennych gwestiwn, anfonwch e-bost i { $email } neu ffoniwch { $phone }.
forms-home-link = Mynd i'r hafan
forms-files-added = Ffeiliau wedi'u hychwanegu
forms-file-label = Llwytho ffeil i fyny
forms-file-hint = PDF, Word, OpenDocument, JPG neu PNG. Rhaid i bob ffeil fod yn llai na 5 MB, a'r ffeiliau i gyd gyda'i gilydd yn llai na 12 MB. Gallwch ychwanegu hyd at { $max } ffeil.
forms-upload = Llwytho'r ffeil i fyny

forms-error-email = Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com
forms-error-phone = Rhowch rif ffôn, fel 01632 960 001 neu 07700 900 982
forms-error-postcode = Rhowch god post go iawn, fel AT1 1AA
forms-error-too-long = Rhaid i'r ateb hwn fod yn { $max } nod neu lai
forms-error-year = Rhaid i'r flwyddyn gynnwys 4 rhif
forms-date-part-day = diwrnod
forms-date-part-month = mis
forms-date-part-year = blwyddyn
forms-date-part-day-month = diwrnod a mis
forms-date-part-day-year = diwrnod a blwyddyn
forms-date-part-month-year = mis a blwyddyn

forms-too-large-title = Mae'r wybodaeth a anfonwyd gennych yn rhy fawr
forms-too-large-body = Ewch yn ôl a gwneud eich atebion yn fyrrach, neu atodi ffeiliau llai.
    Os na allwch wneud hyn, anfonwch e-bost neu ffoniwch ni a byddwn yn eich helpu.
forms-too-many-title = Rydych wedi anfon gormod o atebion mewn amser byr
forms-too-many-body = Arhoswch funud, yna ewch yn ôl a rhoi cynnig arall arni. Mae eich atebion wedi'u cadw.
forms-bad-request-title = Nid oedd modd darllen eich atebion
forms-bad-request-body = Ewch yn ôl a rhoi cynnig arall arni.
forms-bad-address-title = Nid oedd modd darllen y cyfeiriad hwn
forms-bad-address-body = Gwiriwch y cyfeiriad, neu ewch yn ôl a rhoi cynnig arall arni.
forms-problem-title = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
forms-problem-body = Rhowch gynnig arall arni yn nes ymlaen.
forms-problem-reference = Os byddwch yn ein ffonio, rhowch y cyfeirnod hwn i ni: { $reference }
forms-expired-title = Mae eich sesiwn wedi dod i ben
forms-expired-body = Rydym yn dileu atebion pan nad oes dim wedi digwydd ers tro, i gadw eich gwybodaeth yn ddiogel. Mae angen i chi ddechrau'r ffurflen eto.
forms-expired-link = Dechrau eto
forms-cross-site-title = Daeth eich atebion o wefan arall
forms-cross-site-body = I gadw eich gwybodaeth yn ddiogel, dim ond atebion sy'n cael eu hanfon o dudalennau'r wefan hon ei hun rydym yn eu derbyn.
    Ewch yn ôl i'r ffurflen ar y wefan hon ac anfon eich atebion eto. Os nad yw hynny'n gweithio, anfonwch e-bost neu ffoniwch ni.
forms-bad-text-title = Nid oedd modd darllen rhai o'ch atebion
forms-bad-text-body = Anfonodd eich porwr nodau nad oedd modd i ni eu darllen.
    Ewch yn ôl, gwirio eich atebion a rhoi cynnig arall arni. Os nad yw hynny'n gweithio, anfonwch e-bost neu ffoniwch ni.
forms-not-sent-title = Mae'n ddrwg gennym, nid oedd modd anfon eich ffurflen
forms-not-sent-body = Mae eich atebion wedi'u cadw. Rhowch gynnig arall arni ymhen ychydig funudau.
    Os nad yw'n gweithio o hyd, anfonwch e-bost neu ffoniwch ni.
forms-not-sent-phone = Gallwch hefyd ein ffonio ar { $phone }.
forms-not-sent-link = Mynd yn ôl i ddechrau'r ffurflen
forms-full-title = Mae'n ddrwg gennym, mae'r gwasanaeth yn brysur
forms-full-body = Mae gormod o bobl yn llenwi ffurflenni ar hyn o bryd, felly nid oes modd i chi ddechrau un nawr.
    Rhowch gynnig arall arni ymhen ychydig funudau.
forms-not-saved-title = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
forms-not-saved-body = Nid oedd modd cadw'r atebion ar y dudalen hon. Mae'r atebion a roesoch ar dudalennau cynharach wedi'u cadw.
    Ewch yn ôl a rhoi cynnig arall arni ymhen ychydig funudau.
forms-not-loaded-title = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
forms-not-loaded-body = Nid oedd modd dangos eich atebion ar hyn o bryd. Nid ydyn nhw wedi'u colli: maen nhw wedi'u cadw.
    Rhowch gynnig arall arni ymhen ychydig funudau.

## Ffurflen 1: rhoi gwybod i'r cyngor am addysg yn y cartref
he-name = Rhoi gwybod i ni eich bod yn addysgu gartref
he-start-title = Rhoi gwybod i ni eich bod yn addysgu eich plentyn gartref
he-start-intro = Nid oes angen ein caniatâd arnoch i addysgu eich plentyn gartref. Mae rhoi gwybod i ni yn wirfoddol.
    Y cam y mae'r gyfraith yn gofyn amdano yw eich hysbysiad ysgrifenedig i ysgol eich plentyn. Bydd yr ysgol wedyn yn tynnu eich plentyn oddi ar ei chofrestr ac yn rhoi gwybod i ni o fewn 10 diwrnod ysgol.
    Yr unig eithriad yw plentyn mewn ysgol arbennig y trefnodd y cyngor ei le: rhaid i ni gytuno cyn iddo ddod oddi ar y gofrestr. Mae'r ffurflen hon yn gofyn am hynny.
    Gallwch roi gwybod i ni am fwy nag un plentyn ar y ffurflen hon.
he-declaration = Fi yw rhiant neu ofalwr y plentyn, ac mae'r wybodaeth a roddais yn gywir hyd eithaf fy ngwybodaeth
he-declaration-error-missing = Cadarnhewch mai chi yw rhiant neu ofalwr y plentyn a bod yr wybodaeth yn gywir
he-submit = Anfon yr hysbysiad
he-sent-title = Hysbysiad wedi'i anfon
# Beth i'w wneud nesaf, i bob plentyn, o'r atebion ([[next]] y ffurflen).
he-next-special = { $name }: trefnodd y cyngor y lle hwn mewn ysgol arbennig, felly dim ond pan fydd y cyngor yn cytuno y gall yr ysgol dynnu { $name } oddi ar ei chofrestr (Rheoliadau Addysg (Cofrestru Disgyblion) (Cymru) 2010, rheoliad 8(2)). Byddwn yn cysylltu â chi am hyn. Os nad ydych wedi ysgrifennu at y pennaeth eto, ysgrifennwch nawr. Nes y bydd y cyngor yn cytuno, mae { $name } yn aros ar y gofrestr ac yn dal i orfod mynd i'r ysgol.
he-next-written = { $name }: rydych chi wedi ysgrifennu at { $school-name }, felly rhaid i'r ysgol dynnu { $name } oddi ar ei chofrestr a rhoi gwybod i ni o fewn 10 diwrnod ysgol (Rheoliadau Addysg (Cofrestru Disgyblion) (Cymru) 2010, rheoliadau 8(1)(d) a 12(3)). Does dim rhaid i chi wneud dim byd arall ynghylch yr ysgol.
he-next-write = { $name }: ysgrifennwch at bennaeth { $school-name } nawr, mewn llythyr neu e-bost, i ddweud eich bod yn addysgu { $name } gartref o { $leave-date } ymlaen. Eich llythyr chi sy'n tynnu { $name } oddi ar gofrestr yr ysgol (Rheoliadau Addysg (Cofrestru Disgyblion) (Cymru) 2010, rheoliad 8(1)(d)): nid yw rhoi gwybod i ni yn ddigon ar ei ben ei hun. Nes y bydd eich llythyr gan yr ysgol, mae { $name } yn aros ar y gofrestr ac yn dal i orfod mynd i'r ysgol.
he-next = Bydd aelod o'r tîm addysg yn y cartref yn cysylltu â chi, yn yr iaith a ddewisoch, i gynnig gwybodaeth a chymorth.
    Nid oes rhaid i chi gyfarfod â ni, ac nid oes rhaid i gyfarfod fod yn eich cartref.

he-section-child = Plentyn
he-section-parent = Eich manylion
he-section-second = Rhiant neu ofalwr arall
he-section-reasons = Rhesymau
he-section-support = Cymorth
# Mae e-bost y tîm yn enwi adrannau yn ôl pwy yw eu manylion (`<adran>-team`).
he-section-parent-team = Y rhiant neu'r gofalwr a anfonodd y ffurflen
he-section-support-team = Y cymorth y mae'r teulu'n ei ddymuno

he-child-title = Am eich plentyn
he-child-first-name = Enw cyntaf
he-child-first-name-error-missing = Rhowch enw cyntaf eich plentyn
he-child-last-name = Enw olaf
he-child-last-name-error-missing = Rhowch enw olaf eich plentyn
he-child-dob = Dyddiad geni
he-child-dob-hint = Er enghraifft, 27 3 2015
he-child-dob-error-missing = Rhowch ddyddiad geni eich plentyn
he-child-dob-error-incomplete = Rhaid i'r dyddiad geni gynnwys { $part }
he-child-dob-error-real = Rhaid i'r dyddiad geni fod yn ddyddiad go iawn
he-child-dob-error-past = Rhaid i'r dyddiad geni fod yn y gorffennol
he-child-dob-error-too-old = Rhaid i'ch plentyn fod o oedran ysgol gorfodol. Gwiriwch y dyddiad geni: mae plant yn gadael oedran ysgol gorfodol ar ddydd Gwener olaf mis Mehefin yn y flwyddyn ysgol y maent yn troi'n 16
he-child-dob-error-too-young = Rhaid i'ch plentyn fod o oedran ysgol gorfodol, neu'n ei gyrraedd o fewn blwyddyn. Gwiriwch y dyddiad geni

he-attended = A yw eich plentyn ar gofrestr ysgol nawr, neu a fu arni?
he-attended-error-missing = Dewiswch ydy os yw eich plentyn ar gofrestr ysgol nawr, neu wedi bod arni
he-attended-yes = Ydy
he-attended-no = Nac ydy, nid yw erioed wedi bod yn yr ysgol
he-school-name = Enw'r ysgol
he-written-notice = Ydych chi wedi ysgrifennu at yr ysgol i ddweud eich bod yn addysgu eich plentyn gartref?
he-written-notice-error-missing = Dewiswch a ydych chi wedi ysgrifennu at yr ysgol
he-written-notice-sent = Ydw, rydw i wedi ysgrifennu at yr ysgol
he-written-notice-not-yet = Ddim eto
he-written-notice-not-yet-hint = Llythyr neu e-bost at yr ysgol sy'n tynnu eich plentyn oddi ar y gofrestr. Nid yw rhoi gwybod i ni yn ddigon ar ei ben ei hun
he-school-name-error-missing = Rhowch enw'r ysgol
he-leave-date = Y dyddiad y mae'n gadael neu y gadawodd gofrestr yr ysgol
he-leave-date-hint = Os nad ydych yn gwybod yr union ddyddiad, rhowch y dyddiad yr ysgrifennoch, neu y byddwch yn ysgrifennu, at yr ysgol. Er enghraifft, 15 9 2026
he-leave-date-error-missing = Rhowch y dyddiad y mae eich plentyn yn gadael neu y gadawodd gofrestr yr ysgol
he-leave-date-error-incomplete = Rhaid i'r dyddiad gadael gynnwys { $part }
he-leave-date-error-real = Rhaid i'r dyddiad gadael fod yn ddyddiad go iawn
he-leave-date-error-too-late = Rhaid i'r dyddiad gadael fod o fewn y flwyddyn nesaf
he-leave-date-error-before-birth = Rhaid i'r dyddiad gadael fod ar ôl dyddiad geni eich plentyn

he-special-title = Ysgolion arbennig
he-special-intro = Os trefnodd y cyngor le i'ch plentyn mewn ysgol arbennig, dim ond pan fydd y cyngor yn cytuno y gall eich plentyn ddod oddi ar gofrestr yr ysgol.
    Nid yw hyn yn berthnasol i unrhyw ysgol arall. Os byddwch yn ateb ydy, byddwn yn cysylltu â chi am hyn. Gallwch anfon y ffurflen hon o hyd.
he-special-school = A yw eich plentyn mewn ysgol arbennig a drefnodd y cyngor ar ei gyfer?
he-special-school-error-missing = Dewiswch a yw eich plentyn mewn ysgol arbennig a drefnodd y cyngor
he-special-school-yes = Ydy
he-special-school-yes-hint = Byddwn yn cysylltu â chi ynghylch y cyngor yn cytuno i'w dynnu oddi ar y gofrestr
he-special-school-no = Nac ydy
he-special-school-not-sure = Dydw i ddim yn siŵr

he-aln-title = Anghenion dysgu ychwanegol
he-aln-intro = Os oes gan eich plentyn gynllun datblygu unigol (CDU) sy'n cael ei gadw gan ei ysgol, mae'n dod i ben pan fydd yn gadael cofrestr yr ysgol. Bydd y cyngor wedyn yn penderfynu a ddylai gadw cynllun ar ei gyfer.
he-aln-plan = Oes gan eich plentyn anghenion dysgu ychwanegol neu gynllun?
he-aln-plan-error-missing = Dewiswch a oes gan eich plentyn anghenion dysgu ychwanegol neu gynllun
he-aln-plan-none = Nac oes
he-aln-plan-school-idp = Oes, CDU sy'n cael ei gadw gan ei ysgol
he-aln-plan-council-idp = Oes, CDU sy'n cael ei gadw gan y cyngor
he-aln-plan-statement = Oes, datganiad o anghenion addysgol arbennig
he-aln-plan-ehc-plan = Oes, cynllun addysg, iechyd a gofal (AIG)
he-aln-plan-ehc-plan-hint = Cynghorau yn Lloegr sy'n gwneud y rhain
he-aln-plan-needs-no-plan = Rwy'n meddwl bod ganddo anghenion dysgu ychwanegol, ond nid oes ganddo gynllun
he-aln-plan-not-sure = Dydw i ddim yn gwybod
he-aln-details = Dywedwch wrthym am anghenion eich plentyn
he-aln-details-hint = Er enghraifft, beth sy'n anodd iddo a beth sy'n ei helpu

he-children-title = Y plant rydych yn dweud wrthym amdanynt
he-another = Oes angen i chi ddweud wrthym am blentyn arall?
he-another-error-missing = Dewiswch oes os oes angen i chi ddweud wrthym am blentyn arall
he-another-yes = Oes
he-another-no = Nac oes

he-parent-title = Eich manylion
he-parent-intro = Mae angen o leiaf un ffordd arnom i gysylltu â chi: cyfeiriad e-bost neu rif ffôn.
he-parent-name = Enw llawn
he-parent-name-error-missing = Rhowch eich enw llawn
he-parent-relationship = Eich perthynas â'r plentyn
he-parent-relationship-hint = Er enghraifft, mam, tad, nain, taid neu ofalwr maeth
he-parent-relationship-error-missing = Rhowch eich perthynas â'r plentyn
he-address-line-1 = Llinell cyfeiriad 1
he-address-line-1-error-missing = Rhowch linell cyfeiriad 1, fel arfer yr adeilad a'r stryd
he-address-line-2 = Llinell cyfeiriad 2
he-address-town = Tref neu ddinas
he-address-town-error-missing = Rhowch dref neu ddinas
he-address-postcode = Cod post
he-address-postcode-error-missing = Rhowch god post
he-parent-email = Cyfeiriad e-bost
he-parent-email-hint = Byddwn yn anfon cadarnhad gyda'ch cyfeirnod atoch
he-parent-email-error-contact = Rhowch gyfeiriad e-bost neu rif ffôn
he-parent-phone = Rhif ffôn
he-parent-phone-hint = Ar gyfer rhifau rhyngwladol, cynhwyswch god y wlad
he-contact-language = Pa iaith y dylem ei defnyddio pan fyddwn yn cysylltu â chi?
he-contact-language-error-missing = Dewiswch yr iaith y dylem ei defnyddio pan fyddwn yn cysylltu â chi
he-contact-language-cy = Cymraeg
he-contact-language-en = Saesneg (English)

he-second = Oes rhiant neu ofalwr arall y dylem gysylltu ag ef neu â hi?
he-second-error-missing = Dewiswch oes os oes rhiant neu ofalwr arall y dylem gysylltu ag ef neu â hi
he-second-yes = Oes
he-second-no = Nac oes
he-second-name = Ei enw llawn
he-second-name-error-missing = Rhowch enw llawn y rhiant neu'r gofalwr arall
he-second-relationship = Ei berthynas â'r plentyn
he-second-relationship-error-missing = Rhowch berthynas y rhiant neu'r gofalwr arall â'r plentyn
he-second-email = Ei gyfeiriad e-bost
he-second-phone = Ei rif ffôn

he-reasons-title = Pam rydych yn addysgu eich plentyn gartref
he-reasons-intro = Nid oes rhaid i chi ddweud wrthym pam. Os gwnewch chi, mae'n ein helpu i gynnig y cymorth iawn.
he-reasons = Dewiswch bob un sy'n berthnasol
he-reasons-error-exclusive = Dewiswch eich rhesymau, neu ddewiswch 'Byddai'n well gen i beidio â dweud'
he-reasons-lifestyle = Rhesymau athronyddol neu ffordd o fyw
he-reasons-unhappy = Roedd fy mhlentyn yn anhapus yn yr ysgol, gan gynnwys bwlio
he-reasons-health = Iechyd corfforol neu iechyd meddwl fy mhlentyn
he-reasons-needs-not-met = Nid oedd anghenion dysgu ychwanegol fy mhlentyn yn cael eu diwallu
he-reasons-school-place = Ni chawsom y lle ysgol yr oeddem ei eisiau
he-reasons-religion = Rhesymau crefyddol neu ddiwylliannol
he-reasons-short-term = Trefniant tymor byr yw hwn
he-reasons-other = Rheswm arall
he-reasons-prefer-not = Byddai'n well gen i beidio â dweud
he-reasons-details = Unrhyw beth arall yr hoffech ei ddweud wrthym

he-support = Pa gymorth yr hoffech ei gael gennym?
he-support-hint = Dewiswch bob un sy'n berthnasol
he-support-error-exclusive = Dewiswch y cymorth yr hoffech ei gael, neu ddewiswch 'Dim diolch'
he-support-info-pack = Pecyn gwybodaeth am addysg yn y cartref
he-support-meeting-home = Cyfarfod gartref
he-support-meeting-elsewhere = Cyfarfod yn rhywle arall, fel llyfrgell neu swyddfa'r cyngor
he-support-meeting-online = Cyfarfod ar-lein
he-support-drop-in = Gwahoddiadau i sesiynau galw heibio
he-support-groups = Manylion cyswllt grwpiau addysg yn y cartref lleol
he-support-none = Dim diolch

## Ffurflen 2: gofyn i'r cyngor am anghenion dysgu ychwanegol
aln-name = Gofyn i'r cyngor am anghenion dysgu ychwanegol
aln-start-title = Gofyn i'r cyngor benderfynu am anghenion dysgu ychwanegol
aln-start-intro = Defnyddiwch y ffurflen hon i ofyn i'r cyngor benderfynu a oes gan blentyn neu berson ifanc anghenion dysgu ychwanegol (ADY), i gymryd cynllun datblygu unigol (CDU) drosodd gan ysgol, neu i ailystyried penderfyniad ysgol. Gall ysgolion ei defnyddio i atgyfeirio disgybl.
    Mae'n cymryd tua 20 i 30 munud. Gallwch atodi adroddiadau a dogfennau eraill, neu eu hanfon yn nes ymlaen.
aln-declaration = Mae'r wybodaeth a roddais yn gywir hyd eithaf fy ngwybodaeth
aln-declaration-error-missing = Cadarnhewch fod yr wybodaeth a roesoch yn gywir
aln-submit = Anfon y cais
aln-sent-title = Cais wedi'i anfon
aln-next = Bydd aelod o'r tîm anghenion dysgu ychwanegol yn cysylltu â chi, yn yr iaith a ddewisoch, i siarad am y dysgwr.
    Byddwn yn casglu gwybodaeth, er enghraifft gan yr ysgol a chan bobl sy'n adnabod y dysgwr, ac yn ysgrifennu atoch gyda'n penderfyniad a'n rhesymau.

aln-section-you = Amdanoch chi
aln-section-request = Eich cais
aln-section-learner = Y dysgwr
aln-section-agreement = Rhiant neu berson ifanc
aln-section-needs = Anghenion a chymorth
aln-section-documents = Dogfennau
aln-section-you-team = Y person sy'n gofyn
aln-section-request-team = Beth maen nhw'n gofyn i'r cyngor ei wneud

aln-due-decide = Mae gan y cyngor 12 wythnos i benderfynu a oes gan y dysgwr anghenion dysgu ychwanegol ac, os oes, i roi CDU.
aln-due-reconsider = Mae gan y cyngor 7 wythnos i ailystyried penderfyniad ysgol.
# Y clociau fel cofnodion yng nghalendr y tîm, ar ôl y cyfeirnod.
aln-due-decide-event = penderfynu ar ADY a rhoi CDU (Cod ADY 11.17)
aln-due-reconsider-event = ailystyried penderfyniad yr ysgol (Deddf ADY a.26)

aln-who = Pwy sy'n gofyn?
aln-who-error-missing = Dewiswch pwy sy'n gofyn
aln-who-school = Ysgol neu leoliad
aln-who-school-hint = Er enghraifft ysgol, meithrinfa neu goleg, yn atgyfeirio dysgwr sydd ar ei gofrestr
aln-who-parent = Rhiant neu ofalwr
aln-who-young-person = Person ifanc, drosof fy hun
aln-who-young-person-hint = Os ydych dros oedran ysgol gorfodol (ar ôl dydd Gwener olaf mis Mehefin yn y flwyddyn ysgol pan fyddwch yn troi'n 16) ac o dan 25 oed
aln-who-professional = Gweithiwr proffesiynol arall
aln-who-professional-hint = Er enghraifft ymwelydd iechyd, gweithiwr cymdeithasol neu therapydd

aln-you-title = Eich manylion
aln-your-name = Enw llawn
aln-your-name-error-missing = Rhowch eich enw llawn
aln-your-role = Eich rôl
aln-your-role-hint = Er enghraifft, cydlynydd anghenion dysgu ychwanegol (CADY) neu bennaeth
aln-your-role-error-missing = Rhowch eich rôl
aln-your-organisation = Enw eich ysgol, lleoliad neu wasanaeth
aln-your-organisation-error-missing = Rhowch enw eich ysgol, lleoliad neu wasanaeth
aln-your-relationship = Eich perthynas â'r plentyn
aln-your-relationship-hint = Er enghraifft, mam, tad, nain, taid neu ofalwr maeth
aln-your-relationship-error-missing = Rhowch eich perthynas â'r plentyn
aln-work-email = Cyfeiriad e-bost gwaith
aln-work-email-hint = Defnyddiwch gyfeiriad eich ysgol neu eich gwaith
aln-work-email-error-missing = Rhowch eich cyfeiriad e-bost gwaith
aln-work-phone = Rhif ffôn gwaith
aln-work-phone-error-missing = Rhowch eich rhif ffôn gwaith
aln-your-email = Cyfeiriad e-bost
aln-your-email-hint = Byddwn yn anfon cadarnhad gyda'ch cyfeirnod atoch
aln-your-email-error-contact = Rhowch gyfeiriad e-bost neu rif ffôn
aln-your-phone = Rhif ffôn
aln-contact-language = Pa iaith y dylem ei defnyddio pan fyddwn yn cysylltu â chi?
aln-contact-language-error-missing = Dewiswch yr iaith y dylem ei defnyddio pan fyddwn yn cysylltu â chi
aln-contact-language-cy = Cymraeg
aln-contact-language-en = Saesneg (English)

aln-route = Beth rydych am i'r cyngor ei wneud?
aln-route-error-missing = Dewiswch beth rydych am i'r cyngor ei wneud
aln-route-error-referral-school = Dim ond ysgol sy'n gallu atgyfeirio disgybl. Dewiswch beth rydych am i'r cyngor ei wneud
aln-route-error-reconsider-family = Dim ond rhiant, gofalwr neu berson ifanc sy'n gallu gofyn i'r cyngor ailystyried penderfyniad ysgol. Dewiswch beth rydych am i'r cyngor ei wneud
aln-route-decide = Penderfynu a oes gan y dysgwr anghenion dysgu ychwanegol
aln-route-decide-hint = Er enghraifft, os yw o dan oedran ysgol, mewn ysgol annibynnol neu ddim yn yr ysgol
aln-route-home-educated = Penderfynu am anghenion dysgu ychwanegol plentyn sy'n cael ei addysgu gartref
aln-route-home-educated-hint = Y cyngor sy'n penderfynu ar gyfer plant sy'n cael eu haddysgu gartref, ac sy'n gwneud y cynllun os oes angen un arnynt
aln-route-school-referral = Atgyfeirio disgybl at y cyngor (ysgolion yn unig)
aln-route-school-referral-hint = Pan na all yr ysgol ddeall anghenion y disgybl, neu pan na fyddai'n rhesymol i'r ysgol roi'r cymorth sydd ei angen
aln-route-take-over = Cymryd drosodd CDU y mae ysgol yn ei gadw nawr
aln-route-take-over-hint = Er enghraifft, os oes angen cymorth ar y dysgwr na all yr ysgol ei drefnu
aln-route-reconsider = Ailystyried penderfyniad neu CDU ysgol
aln-route-reconsider-hint = Os ydych yn anghytuno â phenderfyniad ysgol am anghenion dysgu ychwanegol, neu â'r hyn sydd yn ei CDU

aln-learner-title = Am y dysgwr
aln-learner-first-name = Enw cyntaf
aln-learner-first-name-error-missing = Rhowch enw cyntaf y dysgwr
aln-learner-last-name = Enw olaf
aln-learner-last-name-error-missing = Rhowch enw olaf y dysgwr
aln-learner-dob = Dyddiad geni
aln-learner-dob-hint = Er enghraifft, 27 3 2015
aln-learner-dob-error-missing = Rhowch ddyddiad geni'r dysgwr
aln-learner-dob-error-incomplete = Rhaid i'r dyddiad geni gynnwys { $part }
aln-learner-dob-error-real = Rhaid i'r dyddiad geni fod yn ddyddiad go iawn
aln-learner-dob-error-past = Rhaid i'r dyddiad geni fod yn y gorffennol
aln-learner-dob-error-too-old = Rhaid i'r dysgwr fod yn 25 oed neu'n iau. Gwiriwch y dyddiad geni
aln-learner-address-1 = Llinell cyfeiriad 1
aln-learner-address-1-error-missing = Rhowch linell cyfeiriad 1, fel arfer yr adeilad a'r stryd
aln-learner-address-2 = Llinell cyfeiriad 2
aln-learner-town = Tref neu ddinas
aln-learner-town-error-missing = Rhowch dref neu ddinas
aln-learner-postcode = Cod post
aln-learner-postcode-error-missing = Rhowch god post
aln-learner-setting = Ysgol, coleg neu leoliad
aln-learner-setting-hint = Gadewch hwn yn wag os nad yw'n mynd i un
aln-learner-setting-error-referral = Rhowch enw'r ysgol y mae'r disgybl ar ei chofrestr
aln-learner-year = Grŵp blwyddyn
aln-learner-year-hint = Er enghraifft, Derbyn neu Flwyddyn 4
aln-looked-after = Ydy'r dysgwr yn derbyn gofal gan gyngor?
aln-looked-after-hint = Er enghraifft, mewn gofal maeth a drefnwyd gan gyngor
aln-looked-after-error-missing = Dewiswch a yw'r dysgwr yn derbyn gofal gan gyngor
aln-looked-after-yes = Ydy
aln-looked-after-no = Nac ydy
aln-looked-after-not-sure = Dydw i ddim yn gwybod

aln-language-title = Iaith
aln-language-intro = Rhaid i'r cyngor ystyried a oes angen cymorth yn Gymraeg ar y dysgwr. Mae'r atebion hyn yn ein helpu i wneud hynny.
aln-education-language = Ym mha iaith y mae'r dysgwr yn cael ei addysgu'n bennaf?
aln-education-language-error-missing = Dewiswch yr iaith y mae'r dysgwr yn cael ei addysgu ynddi'n bennaf
aln-education-language-welsh = Cymraeg
aln-education-language-english = Saesneg
aln-education-language-bilingual = Cymraeg a Saesneg
aln-education-language-none = Nid yw mewn ysgol na lleoliad
aln-home-language = Pa iaith neu ieithoedd y mae'r dysgwr yn eu defnyddio gartref?
aln-home-language-hint = Er enghraifft, Cymraeg, Saesneg, Pwyleg neu Iaith Arwyddion Prydain
aln-home-language-error-missing = Rhowch yr iaith neu'r ieithoedd y mae'r dysgwr yn eu defnyddio gartref
aln-welsh-provision = Oes angen cymorth yn Gymraeg ar y dysgwr?
aln-welsh-provision-hint = Mae modd rhoi darpariaeth ddysgu ychwanegol yn Gymraeg
aln-welsh-provision-error-missing = Dewiswch a oes angen cymorth yn Gymraeg ar y dysgwr
aln-welsh-provision-yes = Oes
aln-welsh-provision-no = Nac oes
aln-welsh-provision-not-sure = Dydw i ddim yn gwybod

aln-agreement-title = Y rhiant neu'r person ifanc
aln-agreement-intro = Dylai rhiant y dysgwr, neu'r person ifanc os yw dros oedran ysgol gorfodol, wybod am y cais hwn. Rhaid i berson ifanc gytuno cyn i'r cyngor benderfynu neu wneud cynllun ar ei gyfer.
aln-agreement = Ydy'r rhiant neu'r person ifanc yn gwybod am y cais hwn ac yn cytuno iddo?
aln-agreement-error-missing = Dewiswch a yw'r rhiant neu'r person ifanc yn gwybod am y cais hwn ac yn cytuno iddo
aln-agreement-agrees = Ydy, mae'n gwybod ac yn cytuno
aln-agreement-knows = Mae'n gwybod, ond nid yw wedi cytuno
aln-agreement-not-told = Nid yw'n gwybod eto
aln-agreement-details = Unrhyw beth y dylem ei wybod am hyn

aln-needs-title = Anghenion a chymorth
aln-needs = Beth yw anghenion y dysgwr?
aln-needs-hint = Dywedwch wrthym beth sy'n anodd iddo, a beth mae'n dda am ei wneud
aln-needs-error-missing = Rhowch anghenion y dysgwr
aln-provision = Pa gymorth y mae'r dysgwr yn ei gael nawr?
aln-provision-hint = Er enghraifft, cymorth yn y dosbarth, therapi neu broffil un dudalen. Ysgrifennwch 'dim' os nad yw'n cael cymorth
aln-provision-error-missing = Rhowch y cymorth y mae'r dysgwr yn ei gael nawr
aln-provision-since = Ers faint y mae wedi cael y cymorth hwn?
aln-provision-since-hint = Er enghraifft, ers mis Medi 2025
aln-provision-since-error-missing = Rhowch ers faint y mae wedi cael y cymorth hwn
aln-professionals = Pa weithwyr proffesiynol sy'n rhan o hyn?
aln-professionals-hint = Er enghraifft, seicolegydd addysg, therapydd lleferydd ac iaith neu feddyg plant
aln-views = Beth yw barn y dysgwr?
aln-views-hint = Yn ei eiriau ei hun os gallwch. Os nad oedd modd gofyn iddo, dywedwch pam
aln-views-error-missing = Rhowch farn y dysgwr

aln-documents-title = Dogfennau
aln-documents-intro = Gallwch atodi adroddiadau, cynlluniau neu lythyrau, er enghraifft gan feddyg, therapydd neu seicolegydd addysg. Mae hyn yn ddewisol: gallwch eu hanfon yn nes ymlaen.
aln-documents-files = Ffeiliau wedi'u hatodi

## File uploads, for every form with an upload page (the engine asks for these keys by
## name, src/service/forms/upload.rs, whatever the form).
upload-error-missing = Dewiswch ffeil
upload-error-empty = Mae'r ffeil a ddewiswyd yn wag
upload-error-type = Rhaid i'r ffeil a ddewiswyd fod yn PDF, yn ddogfen Word, yn destun OpenDocument, yn JPG neu'n PNG
upload-error-too-big = Rhaid i'r ffeil a ddewiswyd fod yn llai na 5 MB
upload-error-too-many = Dim ond hyd at { $max } ffeil y gallwch eu hychwanegu
upload-error-total = Mae'r ffeil a ddewiswyd yn rhy fawr i'w hychwanegu: rhaid i'r ffeiliau i gyd gyda'i gilydd fod yn llai na 12 MB

# The team e-mail's question labels: whose answer it is, where the form's own label says "you".
he-attended-team = A yw'r plentyn ar gofrestr ysgol nawr, neu a fu arni?
he-written-notice-team = A yw'r rhiant wedi ysgrifennu at yr ysgol i ddweud ei fod yn addysgu'r plentyn gartref?
he-special-school-team = A yw'r plentyn mewn ysgol arbennig a drefnodd y cyngor ar ei gyfer?
he-aln-plan-team = Oes gan y plentyn anghenion dysgu ychwanegol neu gynllun?
he-aln-details-team = Anghenion y plentyn, yng ngeiriau'r rhiant
he-parent-name-team = Enw llawn y rhiant neu'r gofalwr
he-parent-relationship-team = Perthynas â'r plentyn
he-parent-email-team = Cyfeiriad e-bost y rhiant neu'r gofalwr
he-parent-phone-team = Rhif ffôn y rhiant neu'r gofalwr
he-contact-language-team = Yr iaith i'w defnyddio wrth gysylltu â'r rhiant
he-reasons-details-team = Unrhyw beth arall y mae'r rhiant am ei ddweud wrthym
he-support-team = Y cymorth yr hoffai'r rhiant ei gael gennym
aln-your-name-team = Enw llawn y sawl sy'n gofyn
aln-your-role-team = Rôl y sawl sy'n gofyn
aln-your-organisation-team = Ysgol, lleoliad neu wasanaeth y sawl sy'n gofyn
aln-your-relationship-team = Perthynas y sawl sy'n gofyn â'r plentyn
aln-your-email-team = Cyfeiriad e-bost y sawl sy'n gofyn
aln-your-phone-team = Rhif ffôn y sawl sy'n gofyn
aln-contact-language-team = Yr iaith i'w defnyddio wrth gysylltu â'r sawl sy'n gofyn
aln-route-team = Beth mae'r sawl sy'n gofyn am i'r cyngor ei wneud
