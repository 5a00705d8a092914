export { quote, unitPriceOf, priceSeconds, type Quote, type QuoteInput } from './quote.js';
export {
  billTask,
  quoteRequest,
  requestedResolution,
  requestedDuration,
  type Bill,
  type PricedRequest,
  type SecondsSource,
} from './bill.js';
export { PricingError, listAlternatives, type PricingErrorCode } from './errors.js';
export {
  AMOUNT_SCALE,
  PRICE_SCALE,
  SECONDS_SCALE,
  formatDecimal,
  parseDecimal,
  roundHalfUp,
  secondsText,
  trimDecimal,
} from './money.js';
