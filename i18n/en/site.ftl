# Layout and navigation strings shared by every page.
skip-link = Skip to main content
language-toggle-label = Language
translation-missing = { $missing ->
    [cy] This page is not available in Welsh yet
   *[en] This page is not available in English yet
}
main-nav-label = Main
breadcrumbs-label = Breadcrumb
footer-links-heading = Support links
footer-contact = Contact the team: { $email }, { $phone }
toc-heading = On this page
section-pages-heading = In this section
sources-heading = Sources
last-updated = Last updated { $date }
last-reviewed = Content last reviewed { $date }
external-link = opens another website

# The bilingual landing page at /
landing-heading = Family information
landing-continue = Continue in English

# 404
not-found-title = Page not found
not-found-body = If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.
not-found-home = Go to the home page
redirect-moved = This page has moved to { $title }

# Drop-in sessions
home-upcoming-heading = Upcoming drop-in sessions
events-upcoming-heading = { $count ->
    [0] No upcoming sessions
    [one] 1 upcoming session
   *[other] { $count } upcoming sessions
}
events-past-heading = Past sessions
events-none-upcoming = There are no sessions planned at the moment. Check again soon, or contact the team.
events-add-all-to-calendar = Add all upcoming sessions to your calendar (iCalendar file)
events-calendar-name = Drop-in sessions
event-add-to-calendar = Add this session to your calendar (iCalendar file)
event-when = When
event-where = Where
event-language = Language
event-language-name = { $language ->
    [cy] Welsh
    [en] English
   *[bilingual] Welsh and English
}
event-booking = Booking
event-booking-needed = You need to book a place
event-booking-not-needed = No need to book, just come along
event-access-heading = Getting into the venue
events-filter-label = Show sessions in one area
events-filter-all = All areas
events-filter-button = Show sessions
events-filter-showing = You are seeing sessions in { $area } only.
events-filter-show-all = Show sessions in all areas
events-area-none = There are no sessions planned in this area at the moment. Look at the sessions in all areas, or contact the team.
events-add-area-to-calendar = Add this area's sessions to your calendar (iCalendar file)
event-map-link = See the venue on a map (OpenStreetMap)

## Search (the box in every page's header, and the results page `porth serve` renders)
search-label = Search this site
search-button = Search
search-title = Search
search-title-query = Search results for ‘{ $query }’
search-count = { $count ->
    [one] 1 page matches
   *[other] { $count } pages match
}
search-showing-first = These are the best { $shown }.
search-section = Section:
search-other-lang = Search for ‘{ $query }’ in the Welsh pages
search-empty = Enter a word or phrase to search for, for example ‘individual development plan’ or ‘home education’.
search-none-title = No results for ‘{ $query }’
search-none-spelling = Check the spelling, or try fewer words or another word that means the same.
search-none-glossary = Look up words and abbreviations in the glossary
search-none-contact = If you cannot find what you need, contact the team: { $email } or { $phone } ({ $hours }).
search-unavailable = Search is not available at the moment. Please try again later.

## porth serve --watch: the list of problems only editors see, when the site does not build
watch-problems-title = { $count ->
    [one] There is 1 problem in the content. The last good version is shown until you fix it.
   *[other] There are { $count } problems in the content. The last good version is shown until you fix them.
}
watch-problems-fix = To fix:

## Alert banners (content/alerts/) and step-by-step journeys (content/journeys/)
alert-title-notification = Information
alert-title-important = Important
journey-part-of = Part of
journey-step = Step
journey-and = and
journey-or = or
journey-you-are-here = you are here
