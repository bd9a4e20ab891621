// The design system's own React components, with the simulator's texts, as the
// reference our server-rendered pages are compared with (screenshots.py).
// Each <section data-ref="…"> is photographed on its own.
import '@helsenorge/designsystem-react/scss/helsenorge.scss';
import './reference.scss';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Icon from '@helsenorge/designsystem-react/components/Icon';
import Input from '@helsenorge/designsystem-react/components/Input';
import LinkList from '@helsenorge/designsystem-react/components/LinkList';
import Logo from '@helsenorge/designsystem-react/components/Logo';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Tabs from '@helsenorge/designsystem-react/components/Tabs';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Tile from '@helsenorge/designsystem-react/components/Tile';
import Title from '@helsenorge/designsystem-react/components/Title';
import Toggle from '@helsenorge/designsystem-react/components/Toggle';
import Validation from '@helsenorge/designsystem-react/components/Validation';

import { ICONS } from './icons.js';

const PANEL_MESSAGE =
  'Vi avvikler ferie frem til 2. januar, og flere tjenester er derfor ikke tilgjengelig. Hvis du trenger å fornye en resept kan du ringe oss på 999 99 999. Kontakt legevakten på 116 117 ved akutt sykdom.';
const SERVICES = [
  ['Calendar', 'Bestille time', 'For konsultasjon på legekontoret, eller på video hvis legen tilbyr dette.'],
  ['EChat', 'Starte e-konsultasjon', 'For situasjoner som fastlegen kjenner til, og som ikke krever personlig oppmøte.'],
  ['Medicine', 'Fornye resept', 'Gjelder bare resepter du har fått tidligere.'],
  ['Receptionist', 'Kontakte legekontoret', 'Still et praktisk spørsmål til resepsjonen. Du får ikke helsehjelp her.'],
];

function Reference({ name, title, children }) {
  return (
    <section className="reference" data-ref={name} aria-labelledby={`${name}-title`}>
      <h2 className="reference__title" id={`${name}-title`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function ErrorForm() {
  // With a ref, each error is a link to its field, as on our pages.
  const errors = {
    emne: { message: 'Skriv hva meldingen gjelder.', ref: { focus() {} } },
    melding: { message: 'Meldingen kan ha høyst 1000 tegn.', ref: { focus() {} } },
  };
  return (
    <Validation errorTitle="Sjekk at alt er riktig utfylt:" errors={errors}>
      <Input label="Emne" inputId="emne" name="emne" errorText={errors.emne.message} />
      <Textarea label="Din melding" textareaId="melding" name="melding" maxCharacters={1000} defaultValue={'x'.repeat(1003)} errorText={errors.melding.message} />
    </Validation>
  );
}

function App() {
  return (
    <main className="references">
      <h1 className="visually-hidden">@helsenorge/designsystem-react: referanse</h1>

      <Reference name="logo" title="Logo">
        <div className="row">
          <Logo size={150} />
          <Logo size={150} byline />
        </div>
      </Reference>

      <Reference name="notification-panel" title="NotificationPanel (info)">
        <NotificationPanel variant="info" label="Informasjon fra legekontoret" labelHtmlMarkup="h3">
          {PANEL_MESSAGE}
        </NotificationPanel>
        <NotificationPanel variant="info">Fastlegen din tilbyr ikke denne tjenesten på Helsenorge nå.</NotificationPanel>
        <NotificationPanel variant="warn" label="Legekontoret har fravær" labelHtmlMarkup="h3">
          Legekontoret avvikler ferie frem til 2. januar.
        </NotificationPanel>
      </Reference>

      <Reference name="buttons" title="Button">
        <div className="row">
          <Button>Send</Button>
          <Button variant="outline">Fortsett senere</Button>
          <Button variant="borderless">Avbryt</Button>
        </div>
        <div className="row">
          <Button arrow="icon">Gå videre</Button>
          <Button variant="outline" concept="normal">
            <Icon svgIcon={ICONS.ChevronLeft} />
            Gå tilbake
          </Button>
          <Button variant="borderless">
            <Icon svgIcon={ICONS.Logout} />
            Logg ut
          </Button>
        </div>
      </Reference>

      <Reference name="form" title="Input, Textarea med tegnteller">
        <Input label="Emne" inputId="emne-ok" name="emne-ok" defaultValue="Spørsmål om time" />
        <Textarea label="Din melding" textareaId="melding-ok" name="melding-ok" maxCharacters={1000} defaultValue="Hei, jeg lurer på når dere åpner igjen etter ferien." />
      </Reference>

      <Reference name="validation" title="ValidationSummary og feil i feltene">
        <ErrorForm />
      </Reference>

      <Reference name="checkbox-toggle" title="Checkbox og Toggle">
        <Checkbox inputId="fravaer" label="Fravær (Reseptfornyelse)" checked onChange={() => {}} />
        <Checkbox inputId="vilkar" label="Jeg har lest informasjonen" />
        <Toggle label={[{ text: 'Tilbyr tjenesten' }]} checked onChange={() => {}} />
        <Toggle label={[{ text: 'Tilbyr tjenesten' }]} checked={false} onChange={() => {}} />
      </Reference>

      <Reference name="link-list" title="LinkList med ikoner (tjenestekortene)">
        <LinkList color="white" variant="fill" chevron size="large">
          {SERVICES.map(([icon, title]) => (
            <LinkList.Link key={title} href="#" icon={<Icon svgIcon={ICONS[icon]} />}>
              {title}
            </LinkList.Link>
          ))}
        </LinkList>
        <LinkList color="white" variant="line" chevron>
          <LinkList.Link href="#">Se informasjon om fastlegen din</LinkList.Link>
          <LinkList.Link href="#">Se alle helsekontaktene dine</LinkList.Link>
        </LinkList>
      </Reference>

      <Reference name="tiles" title="Tile med ikoner">
        <div className="tiles">
          {SERVICES.map(([icon, title, text]) => (
            <Tile key={title} href="#" icon={<Icon svgIcon={ICONS[icon]} size={48} />} title={<Tile.Title htmlMarkup="h3">{title}</Tile.Title>} description={text} />
          ))}
        </div>
      </Reference>

      <Reference name="tabs" title="Tabs (KALENDER / FORESLÅ TIDSPUNKT)">
        <Tabs containerBreakout={false}>
          <Tabs.Tab title="Kalender">Kalenderen</Tabs.Tab>
          <Tabs.Tab title="Foreslå tidspunkt">Ønsket tidspunkt</Tabs.Tab>
        </Tabs>
      </Reference>

      <Reference name="titles" title="Title">
        <Title htmlMarkup="h3" appearance="title1">Hei, Tora</Title>
        <Title htmlMarkup="h3" appearance="title2">Fastlegetjenester</Title>
        <Title htmlMarkup="h3" appearance="title3">Hva trenger du?</Title>
        <Title htmlMarkup="h3" appearance="title4">Informasjon fra legekontoret</Title>
      </Reference>

      <Reference name="icons" title="Ikonene vi bruker">
        <ul className="icons">
          {Object.entries(ICONS).map(([name, svg]) => (
            <li key={name}>
              <Icon svgIcon={svg} size={48} />
              <span>{name}</span>
            </li>
          ))}
        </ul>
      </Reference>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>
);
