// The suite's data for the top-level (Welsh) site, Dyffryn Teg: what the site cannot say
// itself. The pages and forms under test come from the site (lib/common.mjs); this says who
// fills each form in (personas and the mistakes they make), which inbox each form goes to,
// and what to search for.
import { yearsAgo } from '../lib/forms.mjs';

const today = new Date();
const journeys = [
  {
    name: 'home-education-cy', form: 'home-education', lang: 'cy', as: 'a parent, two children, in Welsh',
    persona: {
      values: {
        'child-first-name': 'Elin', 'child-last-name': 'Prydderch', 'child-dob': yearsAgo(9, 40),
        'parent-name': 'Rhian Prydderch', 'parent-relationship': 'Mam', 'address-line-1': '12 Heol y Bryn', 'address-town': 'Aberteg',
        'address-postcode': 'AT1 2BB', 'parent-email': 'rhian@example.com', 'parent-phone': '01632 960 002', 'aln-details': '',
        'reasons-details': 'Mae Elin yn hapusach yn dysgu gartref.',
      },
      choose: { attended: 'no', 'aln-plan': 'none', second: 'no', 'contact-language': 'cy', reasons: ['lifestyle', 'unhappy'], support: ['info-pack', 'drop-in'] },
      another: ['yes', 'no'],
      secondChild: { 'child-first-name': 'Gruffudd', 'child-last-name': 'Prydderch', 'child-dob': yearsAgo(7, 10) },
    },
    // Mistakes: nothing at all on the first page; a 31 February; an e-mail address without @.
    mistakes: { 'child-dob': { day: '31', month: '2', year: String(today.getFullYear() - 9) }, 'parent-email': 'rhian.example.com' },
    email: 'rhian@example.com', shows: ['Elin', 'Gruffudd', 'Rhian Prydderch', 'AT1 2BB'],
  },
  {
    name: 'home-education-en', form: 'home-education', lang: 'en', as: 'a parent whose child is leaving a school, in English',
    persona: {
      values: {
        'child-first-name': 'Tom', 'child-last-name': 'Evans', 'child-dob': yearsAgo(12, 100), 'school-name': 'Ysgol Gyfun Aberteg',
        'leave-date': yearsAgo(0, 3), 'parent-name': 'Sarah Evans', 'parent-relationship': 'Mother', 'address-line-1': '4 Mill Lane',
        'address-town': 'Pontteg', 'address-postcode': 'AT3 7GH', 'parent-email': 'sarah@example.com', 'parent-phone': '', 'aln-details': 'He has an IDP for dyslexia.',
      },
      choose: { attended: 'yes', 'special-school': 'no', 'aln-plan': 'school-idp', second: 'no', 'contact-language': 'en', reasons: ['prefer-not'], support: ['meeting-home'] },
      another: ['no'],
    },
    mistakes: { 'leave-date': { day: '1', month: '1', year: String(today.getFullYear() - 30) }, 'address-postcode': 'not a postcode' },
    email: 'sarah@example.com', shows: ['Tom', 'Ysgol Gyfun Aberteg', 'Sarah Evans', 'AT3 7GH'],
  },
  {
    name: 'aln-en', form: 'aln', lang: 'en', as: 'a school asking the council to decide, in English, with a document',
    persona: {
      values: {
        'your-name': 'Gareth Hughes', 'your-role': 'ALNCo', 'your-organisation': 'Ysgol Gynradd Glanteg', 'work-email': 'alnco@glanteg.example.org', 'work-phone': '01632 960 300',
        'learner-first-name': 'Megan', 'learner-last-name': 'Jones', 'learner-dob': yearsAgo(8, 20), 'learner-address-1': '7 Station Road', 'learner-town': 'Glanteg',
        'learner-postcode': 'AT6 5EF', 'learner-setting': 'Ysgol Gynradd Glanteg', 'learner-year': 'Year 3', 'home-language': 'English',
        needs: 'Megan finds reading and writing hard and is well behind her year.', provision: 'Small-group literacy three times a week.', 'provision-since': 'September',
        professionals: 'Educational psychologist', views: 'Megan would like more help with reading.', 'agreement-details': '',
      },
      choose: { who: 'school', route: 'decide', 'looked-after': 'no', 'education-language': 'english', 'welsh-provision': 'no', agreement: 'agrees', 'contact-language': 'en' },
      upload: true,
    },
    mistakes: { 'learner-dob': { day: '1', month: '1', year: String(today.getFullYear() - 40) }, 'work-email': 'alnco at school' },
    email: 'alnco@glanteg.example.org', shows: ['Megan', 'Gareth Hughes', 'Ysgol Gynradd Glanteg', 'AT6 5EF'],
  },
  {
    name: 'aln-cy', form: 'aln', lang: 'cy', as: 'a parent, in Welsh',
    persona: {
      values: {
        'your-name': 'Dafydd Morgan', 'your-relationship': 'Tad', 'your-email': 'dafydd@example.com', 'your-phone': '',
        'learner-first-name': 'Cadi', 'learner-last-name': 'Morgan', 'learner-dob': yearsAgo(6, 5), 'learner-address-1': '3 Heol yr Ysgol', 'learner-town': 'Cwmteg',
        'learner-postcode': 'AT4 3CD', 'learner-setting': '', 'learner-year': '', 'home-language': 'Cymraeg',
        needs: 'Mae Cadi yn cael trafferth clywed yn y dosbarth.', provision: 'Dim byd eto.', 'provision-since': 'Dim', professionals: '', views: 'Mae Cadi eisiau eistedd yn y blaen.',
      },
      choose: { who: 'parent', route: 'decide', 'looked-after': 'no', 'education-language': 'welsh', 'welsh-provision': 'yes', 'contact-language': 'cy' },
    },
    mistakes: { 'your-email': 'dafydd@', 'learner-postcode': 'XYZ' },
    email: 'dafydd@example.com', shows: ['Cadi', 'Dafydd Morgan', 'AT4 3CD'],
  },
];

export default {
  team: { 'home-education': 'addysg.cartref@dyffrynteg.example', aln: 'ady@dyffrynteg.example' },
  // The team each section's footer names ([contacts] in config.toml), by address prefix.
  sectionContacts: { '/en/additional-learning-needs/': 'ady@dyffrynteg.example', '/cy/anghenion-dysgu-ychwanegol/': 'ady@dyffrynteg.example', '/en/home-education/': 'addysg.cartref@dyffrynteg.example', '/cy/': 'addysg.cartref@dyffrynteg.example' },
  journeys,
  search: {
    pages: [
      { name: 'search-cy-results', url: '/cy/chwilio/?q=fy+mhlentyn+ady' },
      { name: 'search-cy-none', url: '/cy/chwilio/?q=qqqzzz' },
      { name: 'search-cy-empty', url: '/cy/chwilio/' },
      { name: 'search-en-results', url: '/en/search/?q=IDP+appeal' },
      { name: 'search-en-none', url: '/en/search/?q=qqqzzz' },
      { name: 'search-en-empty', url: '/en/search/' },
    ],
    // [start page, what a parent types, the results page]
    typed: [['/cy/', 'fy mhlentyn ady', '/cy/chwilio/'], ['/en/', 'IDP appeal', '/en/search/']],
  },
};
