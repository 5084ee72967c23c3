# Llinynnau'r cynllun a'r llywio a rennir gan bob tudalen.
skip-link = Neidio i'r prif gynnwys
language-toggle-label = Iaith
translation-missing = { $missing ->
    [cy] Nid yw'r dudalen hon ar gael yn Gymraeg eto
   *[en] Nid yw'r dudalen hon ar gael yn Saesneg eto
}
main-nav-label = Prif lywio
breadcrumbs-label = Briwsion bara
footer-links-heading = Dolenni cymorth
footer-contact = Cysylltwch â'r tîm: { $email }, { $phone }
toc-heading = Ar y dudalen hon
section-pages-heading = Yn yr adran hon
sources-heading = Ffynonellau
last-updated = Diweddarwyd ddiwethaf { $date }
last-reviewed = Adolygwyd y cynnwys ddiwethaf { $date }
external-link = yn agor gwefan arall

# Y dudalen ddwyieithog yn /
landing-heading = Gwybodaeth i deuluoedd
landing-continue = Parhau yn Gymraeg

# 404
not-found-title = Heb ddod o hyd i'r dudalen
not-found-body = Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch ludo'r cyfeiriad gwe, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.
not-found-home = Mynd i'r hafan
redirect-moved = Mae'r dudalen hon wedi symud i { $title }

# Sesiynau galw heibio
home-upcoming-heading = Sesiynau galw heibio i ddod
events-upcoming-heading = { $count ->
    [zero] Dim sesiynau i ddod
    [one] Un sesiwn i ddod
    [two] Dwy sesiwn i ddod
    [few] Tair sesiwn i ddod
    [many] Chwe sesiwn i ddod
   *[other] { $count } sesiwn i ddod
}
events-past-heading = Sesiynau a fu
events-none-upcoming = Does dim sesiynau wedi'u trefnu ar hyn o bryd. Edrychwch eto cyn bo hir, neu gysylltwch â'r tîm.
events-add-all-to-calendar = Ychwanegu pob sesiwn i ddod at eich calendr (ffeil iCalendar)
events-calendar-name = Sesiynau galw heibio
event-add-to-calendar = Ychwanegu'r sesiwn hon at eich calendr (ffeil iCalendar)
event-when = Pryd
event-where = Ble
event-language = Iaith
event-language-name = { $language ->
    [cy] Cymraeg
    [en] Saesneg
   *[bilingual] Cymraeg a Saesneg
}
event-booking = Archebu
event-booking-needed = Mae angen i chi archebu lle
event-booking-not-needed = Does dim angen archebu, dewch draw
event-access-heading = Mynd i mewn i'r lleoliad
events-filter-label = Dangos sesiynau mewn un ardal
events-filter-all = Pob ardal
events-filter-button = Dangos y sesiynau
events-filter-showing = Rydych chi'n gweld sesiynau ardal { $area } yn unig.
events-filter-show-all = Dangos sesiynau ym mhob ardal
events-area-none = Does dim sesiynau wedi'u trefnu yn yr ardal hon ar hyn o bryd. Edrychwch ar y sesiynau ym mhob ardal, neu gysylltwch â'r tîm.
events-add-area-to-calendar = Ychwanegu sesiynau'r ardal hon at eich calendr (ffeil iCalendar)
event-map-link = Gweld y lleoliad ar fap (OpenStreetMap)

## Chwilio (y blwch ym mhennyn pob tudalen, a'r dudalen ganlyniadau y mae `porth serve` yn ei rhoi)
search-label = Chwilio'r wefan
search-button = Chwilio
search-title = Chwilio
search-title-query = Canlyniadau chwilio am ‘{ $query }’
search-count = { $count ->
    [one] Un dudalen yn cyfateb
    [two] Dwy dudalen yn cyfateb
   *[other] { $count } o dudalennau yn cyfateb
}
search-showing-first = Dyma'r { $shown } gorau.
search-section = Adran:
search-other-lang = Chwilio am ‘{ $query }’ ar y tudalennau Saesneg
search-empty = Rhowch air neu ymadrodd i chwilio amdano, er enghraifft ‘cynllun datblygu unigol’ neu ‘addysg yn y cartref’.
search-none-title = Dim canlyniadau ar gyfer ‘{ $query }’
search-none-spelling = Gwiriwch y sillafu, neu rowch gynnig ar lai o eiriau neu ar air arall sy'n golygu'r un peth.
search-none-glossary = Edrychwch yn yr eirfa am eiriau a byrfoddau
search-none-contact = Os na allwch ddod o hyd i'r hyn sydd ei angen arnoch, cysylltwch â'r tîm: { $email } neu { $phone } ({ $hours }).
search-unavailable = Nid yw chwilio ar gael ar hyn o bryd. Rhowch gynnig arall arni yn nes ymlaen.

## porth serve --watch: y rhestr problemau a welir gan olygyddion yn unig, pan na fydd y wefan yn adeiladu
watch-problems-title = { $count ->
    [one] Mae un broblem yn y cynnwys. Mae'r fersiwn dda olaf yn cael ei dangos nes i chi ei thrwsio.
    [two] Mae dwy broblem yn y cynnwys. Mae'r fersiwn dda olaf yn cael ei dangos nes i chi eu trwsio.
   *[other] Mae { $count } o broblemau yn y cynnwys. Mae'r fersiwn dda olaf yn cael ei dangos nes i chi eu trwsio.
}
watch-problems-fix = I'w thrwsio:

## Alert banners (content/alerts/) and step-by-step journeys (content/journeys/)
alert-title-notification = Gwybodaeth
alert-title-important = Pwysig
journey-part-of = Rhan o'r canllaw cam wrth gam:
journey-step = Cam
journey-and = a
journey-or = neu
journey-you-are-here = rydych chi yma
