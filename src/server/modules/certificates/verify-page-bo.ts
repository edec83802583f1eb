// Tibetan (བོད་ཡིག, bo) words of the public verification page (/verify, rendered on the server).
// EVERY string here was MACHINE-DRAFTED (written by an engineer, not a native translator) and
// awaits review by a Tibetan speaker, like the trainee pages' src/web/trainee/i18n-bo.ts.
// VERIFY_BO_DRAFTED lists the keys still to review; remove a key once a reviewer has read and
// corrected its text. Numbers stay Arabic digits, as printed on the certificate's number.

export const VERIFY_BO = {
  title: 'མཐར་ཕྱིན་ལག་ཁྱེར་ར་སྤྲོད།',
  intro: 'ལག་ཁྱེར་སྟེང་གི་ QR ཨང་རྟགས་ཤིབ་ན་ཐད་ཀར་ལྟ་ཐུབ། ཡང་ན་ལག་ཁྱེར་ཨང་དང་མིང་འབྲི་བའམ། གློག་རྡུལ་ལག་ཁྱེར་ཡིག་ཆ། (.jwt) ཡར་འཇུག་བྱེད་ཆོག',
  serial: 'ལག་ཁྱེར་ཨང་།',
  name: 'མིང་།',
  check: 'འཚོལ་ཞིབ།',
  upload: 'གློག་རྡུལ་ལག་ཁྱེར་ར་སྤྲོད། (.jwt ཡིག་ཆ།)',
  paste: 'ཡང་ན་ཡིག་ཆའི་ནང་དོན་སྦྱར།',
  verifyFile: 'མིང་རྟགས་དང་གནས་སྟངས་ར་སྤྲོད།',
  valid: 'ནུས་ལྡན་ལག་ཁྱེར།',
  revoked: 'ལག་ཁྱེར་ཕྱིར་བསྡུས་ཟིན།',
  replaced: 'ལག་ཁྱེར་ནུས་མེད་དུ་གྱུར། (ལག་ཁྱེར་གསར་པ་བརྗེས་ཟིན།)',
  holder: 'ལག་ཁྱེར་འཛིན་མཁན།',
  cls: 'སློབ་སྦྱོང་འཛིན་གྲྭ།',
  dates: 'སློབ་སྦྱོང་དུས་ཚོད།',
  hours: 'སློབ་ཚན།',
  classHours: ' (འཛིན་གྲྭའི་སློབ་ཚན་བསྡོམས་ {total})',
  serialNo: 'ལག་ཁྱེར་ཨང་།',
  issuedOn: 'སྤྲོད་པའི་ཚེས་གྲངས།',
  issuer: 'སྤྲོད་མཁན་ལས་ཁུངས།',
  criteria: 'མཐར་ཕྱིན་གྱི་ཆ་རྐྱེན།',
  achievementTitle: 'སློབ་སྦྱོང་འཛིན་གྲྭ་མཐར་ཕྱིན།',
  achievementIntro: 'ཤོག་ངོས་འདིས་སློབ་སྦྱོང་འཛིན་གྲྭ་འདིའི་མཐར་ཕྱིན་ལག་ཁྱེར་གྱིས་ངོས་འཛིན་བྱེད་པའི་ནང་དོན་གསལ་བཤད་བྱེད། ལག་ཁྱེར་གཅིག་ར་སྤྲོད་བྱེད་ན་ལག་ཁྱེར་སྟེང་གི་ QR ཨང་རྟགས་ཤིབ་རོགས།',
  notFound: 'མཐུན་པའི་ལག་ཁྱེར་རྙེད་མ་བྱུང་། ལག་ཁྱེར་ཨང་དང་མིང་ (ལག་ཁྱེར་སྟེང་དང་མཐུན་དགོས།) ཞིབ་བཤེར་གནང་རོགས།',
  badLink: 'ར་སྤྲོད་འབྲེལ་མཐུད་འདི་ནུས་མེད་ཡིན།',
  sigOk: 'གློག་རྡུལ་མིང་རྟགས་ནུས་ལྡན། ཡིག་ཆ་འདི་སྤྲོད་མཁན་ལས་ཁུངས་ཀྱིས་སྤྲད་པ་དང་ནང་དོན་བཟོ་བཅོས་བྱས་མེད།',
  sigBad: 'གློག་རྡུལ་མིང་རྟགས་ནུས་མེད། ཡིག་ཆ་བཟོ་བཅོས་བྱས་ཡོད་པའམ་སྤྲོད་མཁན་ལས་ཁུངས་ཀྱིས་སྤྲད་པ་མིན།',
  sigUnknown: 'མིང་རྟགས་ཀྱི་ལྡེ་མིག་ངོས་འཛིན་མ་ཐུབ། ཡིག་ཆ་འདི་མ་ལག་འདིས་སྤྲད་པ་མིན།',
  malformed: 'འདི་ནི་ནུས་ལྡན་གློག་རྡུལ་ལག་ཁྱེར་ཡིག་ཆ་མིན། (.jwt ཡིག་རྐྱང་དགོས།)',
  unknownCredential: 'མིང་རྟགས་ནུས་ལྡན་ཡིན་ཡང་ཟིན་ཐོའི་ནང་ལག་ཁྱེར་འདི་མེད།',
  limited: 'འཚོལ་ཞིབ་ཐེངས་གྲངས་མང་དྲགས། སྐར་མ་གཅིག་འགོར་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།',
  language: 'སྐད་ཡིག',
  back: 'ཡང་བསྐྱར་འཚོལ་ཞིབ།',
  tooLarge: 'ཡིག་ཆ་ཆེ་དྲགས།',
} as const;

/** Keys of VERIFY_BO still machine-drafted (all of them until a reviewer signs them off). */
export const VERIFY_BO_DRAFTED: ReadonlyArray<keyof typeof VERIFY_BO> = Object.keys(VERIFY_BO) as Array<keyof typeof VERIFY_BO>;
