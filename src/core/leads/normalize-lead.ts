// Normalisation shared by every way a lead comes in (webhooks, named sources, CSV): the email
// is the merge key, so two spellings of one address must become the same string.
import { domainToASCII } from "node:url";

const LOCAL_PART = /^[^\s@"<>()[\],;:\\]{1,64}$/;
const HOST = /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Trims and lower-cases an email (the whole address: providers treat the local part
 * case-insensitively in practice, and a merge key that differs by case loses leads) and
 * converts an international domain to its ASCII form. Returns null when it is not an address.
 */
export function normalizeEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (value.length > 254) return null;
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return null;
  const local = value.slice(0, at);
  const host = toAsciiHost(value.slice(at + 1));
  if (!host || !LOCAL_PART.test(local)) return null;
  return `${local}@${host}`;
}

function toAsciiHost(raw: string): string | null {
  const host = domainToASCII(raw.replace(/\.$/, ""));
  return host && HOST.test(host) ? host : null;
}

// Consumer mailbox providers: an address there says nothing about the person's company.
const FREE_MAIL = new Set([
  "gmail.com",
  "googlemail.com",
  "ymail.com",
  "rocketmail.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
  "web.de",
  "mail.com",
  "email.com",
  "mail.ru",
  "inbox.ru",
  "list.ru",
  "bk.ru",
  "qq.com",
  "163.com",
  "126.com",
  "sina.com",
  "zoho.com",
  "zohomail.com",
  "fastmail.com",
  "fastmail.fm",
  "hey.com",
  "tutanota.com",
  "tuta.io",
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "laposte.net",
  "sfr.fr",
  "btinternet.com",
  "comcast.net",
  "verizon.net",
  "att.net",
  "sbcglobal.net",
  "cox.net",
  "t-online.de",
  "freenet.de",
  "libero.it",
  "virgilio.it",
  "rediffmail.com",
  "naver.com",
  "hanmail.net",
  "daum.net",
  "seznam.cz",
  "wp.pl",
  "o2.pl",
  "interia.pl",
  "onet.pl",
  "inbox.com",
  "hushmail.com",
  "mailinator.com",
  "bigpond.com",
  "shaw.ca",
  "rogers.com",
  "uol.com.br",
  "bol.com.br",
  "terra.com.br",
]);

// Providers with one domain per country (yahoo.co.uk, hotmail.fr, gmx.de, …).
const FREE_MAIL_FAMILIES = new Set([
  "yahoo",
  "hotmail",
  "live",
  "outlook",
  "gmx",
  "aol",
  "yandex",
  "windowslive",
]);

/** True for consumer mailbox domains (gmail.com, yahoo.co.uk, …). */
export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (FREE_MAIL.has(d)) return true;
  const [first, ...rest] = d.split(".");
  // Only a country suffix may follow the family name: live.com yes, live.acme.com no.
  return (
    first !== undefined &&
    FREE_MAIL_FAMILIES.has(first) &&
    rest.length >= 1 &&
    rest.length <= 2 &&
    rest.every((label) => /^[a-z]{2,3}$/.test(label))
  );
}

/** The host of a website given as `acme.com`, `https://www.acme.com/about` and the like. */
export function websiteDomain(website: string): string | null {
  const trimmed = website.trim();
  if (trimmed === "") return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const host = toAsciiHost(url.hostname.toLowerCase().replace(/^www\./, ""));
  return host;
}

/**
 * The company domain of a lead: the website's host when a website is known (it names the
 * company even for someone writing from gmail), else the email's domain unless it is free mail.
 */
export function companyDomain(input: { email?: string | null; website?: string | null }): string | null {
  const fromWebsite = input.website ? websiteDomain(input.website) : null;
  if (fromWebsite && !isFreeMailDomain(fromWebsite)) return fromWebsite;
  const email = input.email ? normalizeEmail(input.email) : null;
  if (!email) return null;
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return isFreeMailDomain(domain) ? null : domain;
}
