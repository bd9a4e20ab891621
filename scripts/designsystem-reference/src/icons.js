// The design system's icons the portal uses, by their names in the package.
// render-svgs.mjs writes them into portal/static/vendor/designsystem/icons.svg;
// the reference page shows them. Add one here, then run `make vendor`.
import ArrowRight from '@helsenorge/designsystem-react/components/Icons/ArrowRight';
import Bell from '@helsenorge/designsystem-react/components/Icons/Bell';
import Calendar from '@helsenorge/designsystem-react/components/Icons/Calendar';
import ChevronDown from '@helsenorge/designsystem-react/components/Icons/ChevronDown';
import ChevronLeft from '@helsenorge/designsystem-react/components/Icons/ChevronLeft';
import ChevronRight from '@helsenorge/designsystem-react/components/Icons/ChevronRight';
import Contacts from '@helsenorge/designsystem-react/components/Icons/Contacts';
import EChat from '@helsenorge/designsystem-react/components/Icons/EChat';
import Envelope from '@helsenorge/designsystem-react/components/Icons/Envelope';
import ErrorSignFill from '@helsenorge/designsystem-react/components/Icons/ErrorSignFill';
import HealthcarePerson from '@helsenorge/designsystem-react/components/Icons/HealthcarePerson';
import InfoSignFill from '@helsenorge/designsystem-react/components/Icons/InfoSignFill';
import InfoSignStroke from '@helsenorge/designsystem-react/components/Icons/InfoSignStroke';
import Login from '@helsenorge/designsystem-react/components/Icons/Login';
import Logout from '@helsenorge/designsystem-react/components/Icons/Logout';
import Medicine from '@helsenorge/designsystem-react/components/Icons/Medicine';
import Menu from '@helsenorge/designsystem-react/components/Icons/Menu';
import Receptionist from '@helsenorge/designsystem-react/components/Icons/Receptionist';
import Search from '@helsenorge/designsystem-react/components/Icons/Search';

export const ICONS = {
  ArrowRight,
  Bell,
  Calendar,
  ChevronDown,
  ChevronLeft,
  ChevronRight,
  Contacts,
  EChat,
  Envelope,
  ErrorSignFill,
  HealthcarePerson,
  InfoSignFill,
  InfoSignStroke,
  Login,
  Logout,
  Medicine,
  Menu,
  Receptionist,
  Search,
};
