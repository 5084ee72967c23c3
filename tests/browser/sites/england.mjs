// The suite's data for the English council's site, Westmere (sites/england, English only):
// what the site cannot say itself. The pages and forms under test come from the site
// (lib/common.mjs); this says who fills each form in (personas and the mistakes they make),
// which inbox each form goes to, and what to search for.
import { yearsAgo } from '../lib/forms.mjs';

const today = new Date();
const journeys = [
  {
    name: 'ehc-request-en', form: 'ehc-request', lang: 'en', as: 'a school asking for an EHC needs assessment, two periods of support, with a document',
    persona: {
      values: {
        'your-name': 'Priya Shah', 'your-role': 'SENCO', 'your-organisation': 'Westmere Primary School', 'work-email': 'senco@westmereprimary.example', 'work-phone': '01632 960 420',
        'child-first-name': 'Ravi', 'child-last-name': 'Patel', 'child-dob': yearsAgo(8, 20), 'child-address-1': '1 High Street', 'child-address-2': '', 'child-town': 'Westmere',
        'child-postcode': 'WM1 1AA', 'child-setting': 'Westmere Primary School', 'child-year': 'Year 3',
        'parent-name': 'Sam Patel', 'parent-contact': '01632 960 421', 'parent-views': 'We want Ravi to get more help with reading.',
        'child-views': 'Ravi likes maths and finds reading hard.', needs: 'Reading and writing are well behind his year.',
        'support-start': yearsAgo(1, 30), 'support-what': 'Daily phonics group', 'support-review': yearsAgo(0, 200), 'support-outcome': 'Little progress',
        professionals: 'Educational psychologist, report in March', attainment: 'Reading age 5 years 9 months at 8 years.',
      },
      choose: { who: 'setting', 'looked-after': 'no', 'parent-agreement': 'agrees', areas: ['cognition', 'communication'] },
      another: ['yes', 'no'],
      // Still going: no review date yet (a date left blank is three empty boxes).
      secondChild: { 'support-start': yearsAgo(0, 150), 'support-what': 'Speech and language therapy', 'support-review': { day: '', month: '', year: '' }, 'support-outcome': '' },
      upload: true,
    },
    // Mistakes: a learner over 25; an e-mail address that is not one.
    mistakes: { 'child-dob': { day: '1', month: '1', year: String(today.getFullYear() - 40) }, 'work-email': 'senco at school' },
    email: 'senco@westmereprimary.example', shows: ['Ravi', 'Priya Shah', 'Westmere Primary School', 'WM1 1AA'],
  },
  {
    name: 'home-education-en', form: 'home-education', lang: 'en', as: 'a parent whose child is leaving a school',
    persona: {
      values: {
        'child-first-name': 'Ella', 'child-last-name': 'Brown', 'child-dob': yearsAgo(10, 40), 'school-name': 'Westmere Academy', 'leave-date': yearsAgo(0, 3),
        'send-details': '', 'parent-name': 'Jo Brown', 'parent-relationship': 'Father', 'address-line-1': '2 Low Road', 'address-line-2': '', 'address-town': 'Westmere',
        'address-postcode': 'WM2 2BB', 'parent-email': 'jo@example.com', 'parent-phone': '',
      },
      choose: { attended: 'yes', 'written-notice': 'sent', 'special-school': 'no', 'send-support': 'none', reasons: ['philosophy'], support: ['information'] },
      another: ['no'],
    },
    // Mistakes: leaving school before the child was born; a postcode that is not one.
    mistakes: { 'leave-date': { day: '1', month: '1', year: String(today.getFullYear() - 30) }, 'address-postcode': 'not a postcode' },
    email: 'jo@example.com', shows: ['Ella', 'Westmere Academy', 'Jo Brown', 'WM2 2BB'],
  },
  {
    name: 'cme-en', form: 'cme', lang: 'en', as: 'a school referring a child missing education',
    persona: {
      values: {
        'your-name': 'Alex Green', 'your-role': 'Attendance officer', 'your-organisation': 'Westmere Academy', 'work-email': 'a.green@school.example', 'work-phone': '01632 960 400',
        'child-first-name': 'Kai', 'child-last-name': 'Smith', 'child-dob': yearsAgo(12, 60), 'child-upn': '', 'address-line-1': '3 Mill Lane', 'address-line-2': '',
        'address-town': 'Westmere', 'address-postcode': 'WM3 3CC', parents: 'Dee Smith, mother, 07700 900 123 (no answer)', 'school-name': 'Westmere Academy',
        'last-seen': yearsAgo(0, 20), 'reason-details': 'No contact since the half-term holiday.', 'checks-details': 'Calls on three days; home visit, nobody in.',
      },
      choose: { 'immediate-risk': 'no', 'referrer-type': 'school', reason: 'stopped-attending', checks: ['phone', 'home-visit'], status: ['none-known'], safeguarding: 'no' },
    },
    // Mistakes: a child far older than school age; an e-mail address that is not one.
    mistakes: { 'child-dob': { day: '1', month: '1', year: String(today.getFullYear() - 40) }, 'work-email': 'attendance at school' },
    email: 'a.green@school.example', shows: ['Kai', 'Alex Green', 'Westmere Academy', '3 Mill Lane'],
  },
  {
    name: 'local-offer-comment-en', form: 'local-offer-comment', lang: 'en', as: 'a parent commenting on the Local Offer, happy for it to be published',
    persona: {
      values: { comment: 'The transport policy was hard to find from the Local Offer pages.', 'your-name': 'Sam Patel', 'your-email': 'sam@example.com' },
      choose: { part: 'travel', publish: 'yes', who: 'parent' },
    },
    // Mistake: an e-mail address that is not one.
    mistakes: { 'your-email': 'sam at example' },
    email: 'sam@example.com', shows: ['The transport policy was hard to find', 'Sam Patel'],
  },
];

export default {
  team: { 'ehc-request': 'send.assessments@westmere.example', 'home-education': 'home.education@westmere.example', cme: 'cme@westmere.example', 'local-offer-comment': 'local.offer@westmere.example' },
  // The team each section's footer names ([contacts] in config.toml), by address prefix.
  sectionContacts: { '/en/send/': 'send.assessments@westmere.example', '/en/children-missing-education/': 'cme@westmere.example', '/en/local-offer/': 'local.offer@westmere.example', '/en/home-education/': 'home.education@westmere.example', '/en/forms/ehc-request/': 'send.assessments@westmere.example' },
  journeys,
  search: {
    pages: [
      { name: 'search-en-results', url: '/en/search/?q=EHC+plan+appeal' },
      { name: 'search-en-none', url: '/en/search/?q=qqqzzz' },
      { name: 'search-en-empty', url: '/en/search/' },
    ],
    // [start page, what a parent types, the results page]
    typed: [['/en/', 'annual review', '/en/search/']],
  },
};
