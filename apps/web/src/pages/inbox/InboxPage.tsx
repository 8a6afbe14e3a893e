import { ComingSoon } from '../../components/ComingSoon';

/** Placeholder: this area is built next (keep its screens in this folder). */
export function Component() {
  return <ComingSoon name="nav.inbox" />;
}
