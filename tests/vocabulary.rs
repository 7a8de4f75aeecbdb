//! The built-in vocabulary, measured on a table of real-looking form labels, field ids and
//! placeholders in English, German, French and Spanish.
//!
//! Each row is a text as a form shows it and the exact set of category ids it should yield.
//! Precision and recall are computed over (text, category) pairs for the twelve data categories;
//! the phrase lists (`invitation`, `catch_all`, `warning`) are checked row by row only.
//!
//! Rows the matcher cannot get right yet are in [`KNOWN_GAPS`], with the reason; they count in
//! the measures, and a test fails when one of them starts passing so it gets moved to [`ROWS`].

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeSet;

use datamin::rules::vocabulary::Vocabulary;

/// The categories that are kinds of data (the rest are phrase lists about wording).
const SENSITIVE: &[&str] = &[
    "credentials",
    "government_id",
    "date_of_birth",
    "email",
    "phone",
    "home_address",
    "full_name",
    "financial",
    "wallet_address",
    "health",
    "place_of_birth",
    "nationality",
];

const PHRASE_LISTS: &[&str] = &["invitation", "catch_all", "warning"];

const CRED: &str = "credentials";
const GOV: &str = "government_id";
const DOB: &str = "date_of_birth";
const EMAIL: &str = "email";
const PHONE: &str = "phone";
const HOME: &str = "home_address";
const NAME: &str = "full_name";
const FIN: &str = "financial";
const WALLET: &str = "wallet_address";
const HEALTH: &str = "health";
const POB: &str = "place_of_birth";
const NAT: &str = "nationality";
const INV: &str = "invitation";
const CATCH: &str = "catch_all";
const WARN: &str = "warning";

/// (text, expected category ids). An empty set: the text asks for nothing sensitive.
const ROWS: &[(&str, &[&str])] = &[
    // ---- credentials ----
    ("Seed phrase", &[CRED]),
    ("Your 12-word recovery phrase", &[CRED]),
    ("Secret Recovery Phrase (MetaMask)", &[CRED]),
    ("wallet_seed", &[CRED]),
    ("seedPhrase", &[CRED]),
    ("Mnemonic (24 words)", &[CRED]),
    ("Private key", &[CRED]),
    ("privateKey", &[CRED]),
    ("Keystore file (UTC / JSON)", &[CRED]),
    ("Wallet password", &[CRED]),
    ("Password", &[CRED]),
    ("PIN", &[CRED]),
    ("PIN code of your hardware wallet", &[CRED]),
    ("2FA code", &[CRED]),
    ("2fa_code", &[CRED]),
    ("Google Authenticator code", &[CRED]),
    ("One-time code (OTP)", &[CRED]),
    ("Backup codes", &[CRED]),
    ("TOTP secret", &[CRED]),
    ("SMS code", &[CRED]),
    ("verification_code", &[CRED]),
    ("CVV", &[CRED]),
    ("Card number", &[CRED]),
    ("Card number (debit or credit)", &[CRED]),
    ("Security code (3 digits on the back)", &[CRED]),
    ("API key and secret", &[CRED]),
    ("Login credentials", &[CRED]),
    ("Answer to your security question", &[CRED]),
    ("Passphrase (25th word)", &[CRED]),
    ("Seed-Phrase", &[CRED]),
    ("Wiederherstellungsphrase (12 oder 24 Wörter)", &[CRED]),
    ("Privater Schlüssel", &[CRED]),
    ("Passwort", &[CRED]),
    ("Kennwort", &[CRED]),
    ("Bestätigungscode", &[CRED]),
    ("Kartennummer", &[CRED]),
    ("Zugangsdaten zu deinem Konto", &[CRED]),
    ("Sicherheitscode (CVC)", &[CRED]),
    ("Phrase de récupération", &[CRED]),
    ("Mot de passe", &[CRED]),
    ("Clé privée du portefeuille", &[CRED]),
    ("Code de vérification reçu par SMS", &[CRED]),
    ("Code PIN", &[CRED]),
    ("Cryptogramme visuel", &[CRED]),
    ("Vos 24 mots", &[CRED]),
    ("Frase semilla", &[CRED]),
    ("Frase de recuperación de 12 palabras", &[CRED]),
    ("Clave privada", &[CRED]),
    ("Contraseña", &[CRED]),
    ("Código de verificación 2FA", &[CRED]),
    ("Número de tarjeta", &[CRED]),
    ("Código de seguridad (CVV)", &[CRED]),
    // ---- government_id ----
    ("Passport number", &[GOV]),
    ("passportNumber", &[GOV]),
    ("National ID number", &[GOV]),
    ("SSN (last 4 digits)", &[GOV]),
    ("Social security number (legacy KYC)", &[GOV]),
    ("Tax ID", &[GOV]),
    ("Driver's license number", &[GOV]),
    ("Driving licence", &[GOV]),
    ("Upload a photo ID", &[GOV]),
    ("id_number", &[GOV]),
    ("Government-issued ID", &[GOV]),
    ("Passport photo upload policy", &[GOV]),
    ("Reisepassnummer", &[GOV]),
    ("Personalausweis (Vorder- und Rückseite)", &[GOV]),
    ("Ausweisnummer", &[GOV]),
    ("Steuer-ID", &[GOV]),
    ("Führerschein", &[GOV]),
    ("Numéro de passeport", &[GOV]),
    ("Pièce d'identité", &[GOV]),
    ("Numéro de sécurité sociale", &[GOV]),
    ("Permis de conduire", &[GOV]),
    ("DNI / NIE", &[GOV]),
    ("Número de pasaporte", &[GOV]),
    ("Documento de identidad", &[GOV]),
    ("Cédula de identidad", &[GOV]),
    ("NRIC number", &[GOV]),
    ("NRIC/FIN", &[GOV]),
    ("PESEL", &[GOV]),
    ("Personnummer (ÅÅÅÅMMDD-XXXX)", &[GOV]),
    ("Burgerservicenummer (BSN)", &[GOV]),
    ("Codice fiscale", &[GOV]),
    // ---- date_of_birth ----
    ("Date of birth", &[DOB]),
    ("dateOfBirth", &[DOB]),
    ("DOB (DD/MM/YYYY)", &[DOB]),
    ("Birthday", &[DOB]),
    ("birth_date", &[DOB]),
    ("Year of birth", &[DOB]),
    ("Geburtsdatum", &[DOB]),
    ("Date de naissance", &[DOB]),
    ("Fecha de nacimiento", &[DOB]),
    // ---- place_of_birth ----
    ("Place of birth", &[POB]),
    ("Birthplace", &[POB]),
    ("place_of_birth", &[POB]),
    ("Country of birth", &[POB]),
    ("City of birth (as on your passport)", &[POB, GOV]),
    ("Where were you born?", &[POB]),
    ("Date and place of birth", &[DOB, POB]),
    ("Geburtsort", &[POB]),
    ("Lieu de naissance", &[POB]),
    ("Lugar de nacimiento", &[POB]),
    ("Fecha y lugar de nacimiento", &[DOB, POB]),
    ("Place of purchase", &[]),
    ("Birth of the issue (when did it start?)", &[]),
    // ---- nationality ----
    ("Citizenship", &[NAT]),
    ("countryOfCitizenship", &[NAT]),
    ("Are you a US citizen?", &[NAT]),
    ("Citizen of which country?", &[NAT]),
    ("Staatsangehörigkeit", &[NAT]),
    ("Nationalité", &[NAT]),
    ("Nacionalidad", &[NAT]),
    ("Ciudadanía", &[NAT]),
    ("Senior citizen discount code", &[]),
    ("Are you a senior citizen?", &[]),
    ("Are you a Citizen Developer?", &[]),
    ("Are you a member of our citizen panel?", &[]),
    ("Citizen of the month", &[]),
    ("Corporate citizenship report", &[]),
    ("Are you a good citizen of this forum?", &[]),
    ("Be a model citizen of our community", &[]),
    ("Global citizen of the month", &[]),
    ("Are you a citizen of the EU?", &[NAT]),
    ("Are you a U.S. citizen?", &[NAT]),
    ("EU citizen (yes/no)", &[NAT]),
    ("National holiday delays", &[]),
    ("Country of the exchange you sent from", &[]),
    // ---- email ----
    ("Email", &[EMAIL]),
    ("E-mail address", &[EMAIL]),
    ("Your email", &[EMAIL]),
    ("email_address", &[EMAIL]),
    ("contactEmail", &[EMAIL]),
    ("Recovery email", &[EMAIL]),
    ("E-Mail-Adresse", &[EMAIL]),
    ("Adresse e-mail", &[EMAIL]),
    ("Courriel", &[EMAIL]),
    ("Correo electrónico", &[EMAIL]),
    ("Dirección de correo electrónico", &[EMAIL]),
    // ---- phone ----
    ("Phone number", &[PHONE]),
    ("phone_number", &[PHONE]),
    ("Mobile number (with country code)", &[PHONE]),
    ("Telephone", &[PHONE]),
    ("WhatsApp number", &[PHONE]),
    ("Tel.", &[PHONE]),
    ("Recovery phone", &[PHONE]),
    ("Telefonnummer", &[PHONE]),
    ("Handynummer für Rückfragen", &[PHONE]),
    ("Numéro de téléphone", &[PHONE]),
    ("Téléphone portable", &[PHONE]),
    ("Teléfono móvil", &[PHONE]),
    ("Número de celular", &[PHONE]),
    // ---- home_address ----
    ("Home address", &[HOME]),
    ("Street address", &[HOME]),
    ("Mailing address", &[HOME]),
    ("Billing address", &[HOME]),
    ("Shipping address for the replacement device", &[HOME]),
    ("Postal code", &[HOME]),
    ("ZIP code", &[HOME]),
    ("City", &[HOME]),
    ("address_line_1", &[HOME]),
    ("addressLine2", &[HOME]),
    ("Address (street, ZIP, city)", &[HOME]),
    ("Anschrift", &[HOME]),
    ("Straße und Hausnummer", &[HOME]),
    ("PLZ / Ort", &[HOME]),
    ("Wohnadresse", &[HOME]),
    ("Adresse postale", &[HOME]),
    ("Code postal", &[HOME]),
    ("Ville", &[HOME]),
    ("Dirección postal", &[HOME]),
    ("Código postal", &[HOME]),
    ("Domicilio", &[HOME]),
    // ---- full_name ----
    ("Full name", &[NAME]),
    ("Full legal name", &[NAME]),
    ("First name", &[NAME]),
    ("lastName", &[NAME]),
    ("Surname", &[NAME]),
    ("First and last name", &[NAME]),
    ("Cardholder name", &[NAME]),
    ("Vollständiger Name", &[NAME]),
    ("Vorname", &[NAME]),
    ("Nachname", &[NAME]),
    ("Nom et prénom", &[NAME]),
    ("Nom de famille", &[NAME]),
    ("Nombre completo", &[NAME]),
    ("Apellidos", &[NAME]),
    // ---- financial ----
    ("Account balance", &[FIN]),
    ("Current balance", &[FIN]),
    ("Total holdings (USD)", &[FIN]),
    ("Portfolio value", &[FIN]),
    ("Annual income", &[FIN]),
    ("Source of funds", &[FIN]),
    ("IBAN", &[FIN]),
    ("Bank account number", &[FIN]),
    ("Upload your bank statement", &[FIN]),
    ("Kontostand", &[FIN]),
    ("Bankverbindung (IBAN)", &[FIN]),
    ("Einkommen", &[FIN]),
    ("Solde du compte", &[FIN]),
    ("Coordonnées bancaires", &[FIN]),
    ("Origine des fonds", &[FIN]),
    ("Saldo de la cuenta", &[FIN]),
    ("Ingresos mensuales", &[FIN]),
    ("Cuenta bancaria", &[FIN]),
    ("Transaction history", &[FIN, INV]),
    ("Historique des transactions", &[FIN, INV]),
    // ---- wallet_address ----
    ("Wallet address", &[WALLET]),
    ("Your wallet address", &[WALLET]),
    ("walletAddress", &[WALLET]),
    ("Deposit address", &[WALLET]),
    ("Receiving address", &[WALLET]),
    ("Public key", &[WALLET]),
    ("ENS name", &[WALLET]),
    ("BTC address you sent from", &[WALLET]),
    ("xpub", &[WALLET]),
    ("Wallet-Adresse", &[WALLET]),
    ("Einzahlungsadresse", &[WALLET]),
    ("Adresse du portefeuille", &[WALLET]),
    ("Adresse de dépôt", &[WALLET]),
    ("Dirección de la billetera", &[WALLET]),
    ("Dirección de depósito", &[WALLET]),
    // ---- health ----
    ("Medical condition", &[HEALTH]),
    ("Do you have a disability we should know about?", &[HEALTH]),
    ("Health information", &[HEALTH]),
    ("Medication", &[HEALTH]),
    ("Gesundheitszustand", &[HEALTH]),
    ("Behinderung", &[HEALTH]),
    ("État de santé", &[HEALTH]),
    ("Condición médica", &[HEALTH]),
    ("Discapacidad", &[HEALTH]),
    // ---- several at once ----
    ("Name, email and phone", &[EMAIL, PHONE]),
    ("Phone or email", &[PHONE, EMAIL]),
    ("Full name and date of birth", &[NAME, DOB]),
    ("Upload your passport and a proof of address", &[GOV, HOME]),
    ("Name as it appears on your passport", &[NAME, GOV]),
    // ---- invitation ----
    ("Describe the problem — tell us everything", &[INV]),
    (
        "Tell us everything: what you did, what you expected, what happened instead...",
        &[INV],
    ),
    ("Please provide as much detail as possible", &[INV]),
    ("Include your balance and recent activity", &[INV, FIN]),
    ("Account details", &[INV]),
    ("All relevant information", &[INV]),
    ("So detailliert wie möglich beschreiben", &[INV]),
    ("Décrivez le problème en détail", &[INV]),
    ("Cuéntanos todo lo que pasó", &[INV]),
    // ---- catch_all ----
    ("Anything else we should know?", &[CATCH]),
    ("Additional information", &[CATCH]),
    ("cf_additional_information", &[CATCH]),
    ("Notes", &[CATCH]),
    ("Internal investigation notes", &[CATCH]),
    ("Comments", &[CATCH]),
    ("Sonstiges", &[CATCH]),
    ("Anmerkungen", &[CATCH]),
    ("Informations complémentaires", &[CATCH]),
    ("Comentarios adicionales", &[CATCH]),
    ("Observaciones", &[CATCH]),
    // ---- warning ----
    ("Do not include passwords or seed phrases", &[WARN, CRED]),
    ("We will never ask for your private key", &[WARN, CRED]),
    ("Never share your 12 words with anyone", &[WARN, CRED]),
    ("Don't post personal data here", &[WARN]),
    ("Teile niemals deine Seed-Phrase", &[WARN, CRED]),
    (
        "Ne partagez jamais votre phrase de récupération",
        &[WARN, CRED],
    ),
    ("Nunca compartas tu frase semilla", &[WARN, CRED]),
    // ---- negatives: English ----
    ("Product address", &[]),
    ("IP address", &[]),
    ("MAC address of the device", &[]),
    (
        "Email us at support@lumenvault.example if you are stuck",
        &[],
    ),
    ("Questions? Contact us by email", &[]),
    ("Order number", &[]),
    ("Order ID number", &[]),
    ("Transaction ID", &[]),
    ("Transaction hash", &[]),
    ("txHash", &[]),
    ("Browser version", &[]),
    ("Operating system", &[]),
    ("Pinned tabs", &[]),
    ("Spinner", &[]),
    ("Pin to top", &[]),
    ("Address of the smart contract", &[]),
    ("Token contract address", &[]),
    ("Web address of the phishing site", &[]),
    ("Server address", &[]),
    ("App version", &[]),
    ("Mobile app version", &[]),
    ("Device (e.g. iPhone 15, Pixel 8)", &[]),
    ("Wallet app (MetaMask, Ledger, Trezor...)", &[]),
    ("Hardware wallet model", &[]),
    ("Subject", &[]),
    ("Describe your problem", &[]),
    ("What went wrong?", &[]),
    ("Steps to reproduce", &[]),
    ("Expected behaviour", &[]),
    ("Issue category", &[]),
    ("Priority", &[]),
    ("Amount affected", &[]),
    ("Withdrawal amount", &[]),
    ("Which asset did you send?", &[]),
    ("Coin", &[]),
    ("Network (ERC-20, TRC-20, BEP-20)", &[]),
    ("Chain ID", &[]),
    ("Block number", &[]),
    ("Gas fee paid", &[]),
    ("Block explorer link", &[]),
    ("Exchange name", &[]),
    ("Staking pool", &[]),
    ("Name", &[]),
    ("Your name", &[]),
    ("Username", &[]),
    ("Display name", &[]),
    ("Company name", &[]),
    ("Country", &[]),
    ("Country of residence", &[]),
    ("Region", &[]),
    ("Preferred language", &[]),
    ("Time zone", &[]),
    ("Is 2FA enabled on your account?", &[]),
    ("Forgot your password?", &[]),
    ("Which password manager do you use?", &[]),
    ("Email notifications", &[]),
    ("Release notes", &[]),
    ("Upload a ZIP file with your logs", &[]),
    ("Date of the transaction", &[]),
    ("Date and time of the incident", &[]),
    ("Error message", &[]),
    ("Error code", &[]),
    ("Screenshot", &[]),
    ("Attachments", &[]),
    ("Ticket number", &[]),
    ("User ID", &[]),
    ("Referral code", &[]),
    ("Promo code", &[]),
    ("Node health status", &[]),
    ("Run diagnostics and paste the output", &[]),
    ("Was your problem solved?", &[]),
    ("Overall rating", &[]),
    ("I am the account holder", &[]),
    ("cf_i_am_the_account_holder", &[]),
    ("Related ticket", &[]),
    ("Your contact details", &[]),
    ("How should we reach you?", &[]),
    ("preferredChannel", &[]),
    ("Fraud score", &[]),
    ("Failed attempts", &[]),
    ("Agent", &[]),
    ("Requester", &[]),
    ("Logs", &[]),
    ("Platform", &[]),
    ("Ledger firmware version", &[]),
    ("When did the problem start?", &[]),
    ("Link to the transaction on Etherscan", &[]),
    ("Number of transactions affected", &[]),
    ("Token symbol", &[]),
    ("Nonce", &[]),
    ("e.g. Withdrawal stuck since Monday", &[]),
    (
        "1. Open the Send screen  2. Tap Max  3. The app closes",
        &[],
    ),
    // A phone number written out asks for one (a placeholder's example), like an e-mail
    // address: see the rows after "Installed via apt".
    ("+44 20 7946 0000", &[PHONE]),
    ("Do you use passwordless login?", &[]),
    ("Emailed receipt number", &[]),
    ("Mailbox provider", &[]),
    ("Pinterest profile link", &[]),
    ("Pinned messages", &[]),
    ("Load balancer region", &[]),
    ("Account type", &[]),
    ("Contact preference", &[]),
    ("Ticket ID", &[]),
    ("Case reference", &[]),
    ("Rate your support experience", &[]),
    ("What was your request about?", &[]),
    ("Affected transactions", &[]),
    ("Affected networks", &[]),
    ("You may contact me about this ticket", &[]),
    ("Terms", &[]),
    ("Before you submit", &[]),
    ("Anything we could do better?", &[]),
    ("What went well?", &[]),
    ("Date", &[]),
    ("Amount", &[]),
    ("Status", &[]),
    ("My deposit never arrived", &[]),
    // ---- negatives: German ----
    ("Betreff", &[]),
    ("Beschreibung des Problems", &[]),
    ("Was ist passiert?", &[]),
    ("Bestellnummer", &[]),
    ("Transaktions-ID", &[]),
    ("Browserversion", &[]),
    ("Betriebssystem", &[]),
    ("IP-Adresse", &[]),
    ("Smart-Contract-Adresse", &[]),
    ("Handy-Modell", &[]),
    ("Datum der Transaktion", &[]),
    ("Fehlermeldung", &[]),
    ("Netzwerk", &[]),
    ("Passwort vergessen?", &[]),
    ("Kategorie", &[]),
    ("Land des Wohnsitzes", &[]),
    ("Sprache", &[]),
    ("Betrag", &[]),
    ("Schreiben Sie uns per E-Mail", &[]),
    ("Die Einzahlung ist nie angekommen", &[]),
    // ---- negatives: French ----
    ("Objet", &[]),
    ("Description du problème", &[]),
    ("Que s'est-il passé ?", &[]),
    ("Numéro de commande", &[]),
    ("Identifiant de transaction", &[]),
    ("Version du navigateur", &[]),
    ("Système d'exploitation", &[]),
    ("Adresse IP", &[]),
    ("Adresse du contrat", &[]),
    ("Modèle de téléphone", &[]),
    ("Montant", &[]),
    ("Réseau", &[]),
    ("Pièce jointe", &[]),
    ("Langue", &[]),
    ("Écrivez-nous par e-mail", &[]),
    ("Un souci tel que celui-ci ?", &[]),
    ("Je n'ai jamais reçu mes fonds", &[]),
    // ---- negatives: Spanish ----
    ("Asunto", &[]),
    ("Descripción del problema", &[]),
    ("¿Qué pasó?", &[]),
    ("Número de pedido", &[]),
    ("ID de transacción", &[]),
    ("Versión del navegador", &[]),
    ("Sistema operativo", &[]),
    ("Dirección IP", &[]),
    ("Dirección del contrato inteligente", &[]),
    ("Versión de la aplicación móvil", &[]),
    ("Modelo de teléfono", &[]),
    ("Monto", &[]),
    ("Red (ERC20, TRC20)", &[]),
    ("Idioma", &[]),
    ("Escríbenos por correo si tienes dudas", &[]),
    ("Nunca recibí mis fondos", &[]),
    // ---- a second batch, written blind; the vocabulary was then fixed where it missed ----
    (
        "If you're having an issue, please email support@mycrypto.com",
        &[],
    ),
    ("Remove any sensitive data before sharing", &[WARN]),
    (
        "Other information (e.g. detailed explanation, stacktraces)",
        &[CATCH],
    ),
    ("Description of Your Machine", &[]),
    ("Console Logs / Screenshots", &[]),
    ("Your Ledger Live version", &[]),
    ("Recovery sheet photo", &[CRED]),
    ("Enter your 12-word seed phrase...", &[CRED]),
    ("Import wallet with private key", &[CRED]),
    ("Which wallet were you using?", &[]),
    ("Amount of ETH lost", &[]),
    ("What is your account email?", &[EMAIL]),
    ("Registered email address", &[EMAIL]),
    ("Your Discord username", &[]),
    ("Telegram handle", &[]),
    ("Country code", &[]),
    ("Phone (optional)", &[PHONE]),
    ("Mobile", &[PHONE]),
    ("Home phone", &[PHONE]),
    ("Best time to call", &[]),
    ("Street name and number", &[HOME]),
    ("Apartment, suite, etc.", &[HOME]),
    ("State / Province", &[]),
    ("Postal / ZIP code", &[HOME]),
    ("Residential address (no P.O. boxes)", &[HOME]),
    ("Proof of residence (utility bill)", &[HOME]),
    ("Selfie holding your ID", &[GOV]),
    ("Upload ID (front and back)", &[GOV]),
    ("Upload a copy of your passport or national ID card", &[GOV]),
    ("KYC documents", &[GOV]),
    ("Taxpayer Identification Number (TIN)", &[GOV]),
    ("Nationality", &[NAT]),
    ("Gender", &[]),
    ("Occupation", &[]),
    ("Estimated net worth", &[FIN]),
    ("Total balance before the issue", &[FIN]),
    ("Screenshot of your balance", &[FIN]),
    ("Last 4 digits of your card", &[FIN]),
    ("Name on card", &[NAME]),
    ("Bank name", &[]),
    ("Routing number", &[FIN]),
    ("SWIFT/BIC", &[FIN]),
    ("Account holder name", &[NAME]),
    ("Legal first name", &[NAME]),
    ("Preferred name", &[]),
    ("Nickname", &[]),
    ("Any medical reason we should know about?", &[HEALTH]),
    ("Sender address", &[WALLET]),
    ("Recipient wallet address", &[WALLET]),
    ("TX ID / hash", &[]),
    ("Memo / Tag", &[]),
    ("Smart contract address of the token", &[]),
    ("Token contract", &[]),
    ("Validator address", &[]),
    ("Public address (0x...)", &[WALLET]),
    ("Describe the issue in detail", &[INV]),
    (
        "Please describe the issue in as much detail as possible",
        &[INV],
    ),
    ("Anything else you'd like to add?", &[CATCH]),
    ("Further comments", &[CATCH]),
    ("Your message", &[]),
    ("Additional notes for the agent", &[CATCH]),
    ("Note: never share your seed phrase", &[WARN, CRED]),
    (
        "We will never ask for your password or seed phrase",
        &[WARN, CRED],
    ),
    ("Please do not include personal information", &[WARN]),
    ("Ne communiquez jamais vos mots de passe", &[WARN, CRED]),
    ("Bitte keine Passwörter angeben", &[WARN, CRED]),
    ("No compartas tu contraseña con nadie", &[WARN, CRED]),
    ("Wir fragen niemals nach deinem Passwort", &[WARN, CRED]),
    ("Ihre E-Mail", &[EMAIL]),
    ("E-Mail (für Rückfragen)", &[EMAIL]),
    ("Mobiltelefon", &[PHONE]),
    ("Telefon (optional)", &[PHONE]),
    ("Adresse (Straße, Hausnummer)", &[HOME]),
    ("Postleitzahl", &[HOME]),
    ("Land", &[]),
    ("Geburtsdatum (TT.MM.JJJJ)", &[DOB]),
    ("Steueridentifikationsnummer", &[GOV]),
    ("Kontonummer / IBAN", &[FIN]),
    ("Vermögen", &[FIN]),
    ("Zusätzliche Informationen", &[CATCH]),
    ("Beschreibe dein Problem ausführlich", &[INV]),
    ("Votre adresse e-mail", &[EMAIL]),
    ("Adresse électronique", &[EMAIL]),
    ("Numéro de portable", &[PHONE]),
    ("Adresse de résidence", &[HOME]),
    ("Nom", &[]),
    ("Prénom", &[NAME]),
    ("Date et lieu de naissance", &[DOB, POB]),
    ("Numéro fiscal", &[GOV]),
    ("Solde de votre portefeuille", &[FIN]),
    ("Décrivez votre problème", &[]),
    ("Tu correo", &[EMAIL]),
    ("Correo", &[EMAIL]),
    ("Teléfono", &[PHONE]),
    ("Nombre", &[]),
    ("Apellido", &[NAME]),
    ("Dirección de envío", &[HOME]),
    ("Ciudad", &[HOME]),
    ("Número de identificación fiscal", &[GOV]),
    ("Saldo", &[FIN]),
    ("Describe tu problema con el mayor detalle posible", &[INV]),
    ("Dirección de tu billetera", &[WALLET]),
    ("Clave pública", &[WALLET]),
    ("Frase de 12 palabras", &[CRED]),
    ("PIN de la tarjeta", &[CRED]),
    ("user_email", &[EMAIL]),
    ("userPhone", &[PHONE]),
    ("zip", &[HOME]),
    ("street_address", &[HOME]),
    ("first_name", &[NAME]),
    ("dob", &[DOB]),
    ("ssn", &[GOV]),
    ("tax_id", &[GOV]),
    ("passport_no", &[GOV]),
    ("iban", &[FIN]),
    ("seed_phrase", &[CRED]),
    ("confirmPassword", &[CRED]),
    ("twoFactorCode", &[CRED]),
    ("mfaToken", &[CRED]),
    ("tx_hash", &[]),
    ("order_id", &[]),
    // ---- more negatives, same batch ----
    ("Wallet software version", &[]),
    ("Hardware key (YubiKey) model", &[]),
    ("Is your phone rooted or jailbroken?", &[]),
    ("Browser extension ID", &[]),
    ("Screen resolution", &[]),
    ("Did you receive a phishing email?", &[]),
    ("Address book entry name", &[]),
    ("Name of the token", &[]),
    ("Pool name", &[]),
    ("Passkey enabled?", &[]),
    ("Security key (FIDO2) brand", &[]),
    ("Account recovery status", &[]),
    ("Health factor before liquidation", &[]),
    ("Liquidation price", &[]),
    ("Card design", &[]),
    ("Card delivery status", &[]),
    ("Virtual or physical card?", &[]),
    ("PIN reset request date", &[]),
    ("Describe the bug", &[]),
    ("Public explorer URL", &[]),
    ("Address format (legacy, SegWit, Taproot)", &[]),
    ("Derivation path", &[]),
    ("Gas price (gwei)", &[]),
    ("Slippage tolerance", &[]),
    ("Bridge used", &[]),
    ("Destination chain", &[]),
    ("Urgency", &[]),
    ("Reproducible?", &[]),
    ("Build number", &[]),
    ("Locale", &[]),
    ("Account creation date", &[]),
    ("Last login date", &[]),
    ("Sign-in provider", &[]),
    ("Version der App", &[]),
    ("Gerätemodell", &[]),
    ("Wann ist das Problem aufgetreten?", &[]),
    ("Link zur Transaktion", &[]),
    ("Anzahl der betroffenen Transaktionen", &[]),
    ("Dringlichkeit", &[]),
    ("Health-Factor", &[]),
    ("Version de l'application mobile", &[]),
    ("Type d'appareil", &[]),
    ("Frais de réseau", &[]),
    ("Quand le problème a-t-il commencé ?", &[]),
    ("Lien vers la transaction", &[]),
    ("Urgence", &[]),
    ("Versión de la app", &[]),
    ("Modelo del dispositivo", &[]),
    ("Comisión de red", &[]),
    ("¿Cuándo empezó el problema?", &[]),
    ("Enlace a la transacción", &[]),
    ("Urgencia", &[]),
    ("Red utilizada", &[]),
    ("Address", &[HOME]),
    ("Adresse", &[HOME]),
    ("Dirección", &[HOME]),
    ("ID card number", &[GOV]),
    ("Identity card number", &[GOV]),
    ("Numéro de carte d'identité", &[GOV]),
    // Real GitHub issue forms (2026-12): "address" the verb, tools and archives that share a
    // word with a home address, and a Kubernetes term that is a French ID card's acronym.
    ("What problem does this address?", &[]),
    ("How would you address this?", &[]),
    ("Device IEEE address", &[]),
    ("Memory address of the crash", &[]),
    ("Upload a zip of your logs", &[]),
    ("Installed via apt", &[]),
    // ripgrep's form: apt beside other package managers is not an apartment.
    ("ex. Cargo, APT, Homebrew", &[]),
    ("Installed with apt, brew or from source", &[]),
    ("Apt / Suite", &[HOME]),
    // A checkbox people tick (zeroclaw's forms) is a warning too.
    (
        "I removed personal/sensitive data from examples, payloads, and logs.",
        &[WARN],
    ),
    // helium-wallet-names: the encoding named between "wallet" and "address".
    ("Wallet b58 Address", &[WALLET]),
    // The short form in ids (a Rust field `home_addr`).
    ("home_addr", &[HOME]),
    ("mailingAddr", &[HOME]),
    // A phone number written out (a placeholder's example) asks for one; numbers that only
    // look like one do not.
    ("+1 555 123 4567", &[PHONE]),
    ("e.g. +49 (0)30 1234567", &[PHONE]),
    ("(555) 123-4567", &[PHONE]),
    ("555-123-4567", &[PHONE]),
    ("Call us at +1 555 123 4567 if your funds are missing", &[]),
    ("2024-01-15", &[]),
    // The phone as a device, in a description of the problem (DM002 reads descriptions).
    (
        "Describe the problem with your phone or the card payment.",
        &[],
    ),
    ("Open the app on your phone and go to Settings", &[]),
    ("Does it happen on the phone app or the website?", &[]),
    ("2024-01-15 14:32", &[]),
    ("2024-01-15 14:32 UTC", &[]),
    ("2024-01-15 1432", &[]),
    ("1000000-1000100", &[]),
    ("4021 3345 1188", &[]),
    ("020 7946 0958", &[PHONE]),
    ("192.168.100.100", &[]),
    ("Block 18500000", &[]),
    ("1,000,000", &[]),
    ("v1.2.3", &[]),
    ("Order 1234567890", &[]),
    ("ID 5551234567abc", &[]),
    ("Street View layer", &[]),
    ("Email client", &[]),
    ("Related plugins (CNI, CSI, ...)", &[]),
    ("Numéro de CNI", &[GOV]),
    ("Copie de votre CNI", &[GOV]),
    // Redaction wording in real issue forms' log fields: warnings, not requests.
    (
        "Paste relevant logs (redact secrets, personal identifiers, and sensitive data)",
        &[WARN],
    ),
    ("Replace secrets with REDACTED", &[WARN]),
    ("Redact secrets and personal data", &[WARN]),
    (
        "Pay attention to hiding the token and password in your output",
        &[WARN, CRED],
    ),
    ("Please anonymize the log before pasting it", &[WARN]),
    ("Sanitize your config (passwords, API keys)", &[WARN, CRED]),
    // A step of a reproduction (react's devtools form), not a request for a password.
    ("1. Log in with username/password", &[]),
    (
        "Sign in with your username and password, then open Settings",
        &[],
    ),
    // An e-mail address written out (a placeholder's example) asks for one.
    ("example@host.tld", &[EMAIL]),
    ("e.g. jane.doe+wallet@mail.example.com", &[EMAIL]),
    ("@mention a maintainer if it is urgent", &[]),
    ("user@localhost", &[]),
    ("Version (e.g. lumen@2.4.1)", &[]),
    // A review (2026-12): warnings in other words than "do not include", which forms were
    // said never to give (DM004), and whose data were taken as asked for (DM002).
    ("Please avoid including sensitive information", &[WARN]),
    ("Make sure no secrets are included", &[WARN]),
    ("Keep personal information out of this form", &[WARN]),
    ("For your safety, exclude passwords and keys", &[WARN, CRED]),
    ("Please refrain from posting private data", &[WARN]),
    ("We will not ask for your password", &[WARN, CRED]),
    ("We won't ask for your seed phrase", &[WARN, CRED]),
    ("Please omit any personal details", &[WARN]),
    (
        "Please omit your home address and phone number",
        &[WARN, HOME, PHONE],
    ),
    ("Leave your passport number out of this box", &[WARN, GOV]),
    (
        "There is no need to include your date of birth",
        &[WARN, DOB],
    ),
    ("We don't need your password", &[WARN, CRED]),
    ("Be careful not to paste API keys", &[WARN, CRED]),
    // ... and the same words where they warn of nothing.
    ("Please include your home address", &[HOME]),
    (
        "Please include your phone number so we can call you back",
        &[PHONE],
    ),
    ("Make sure your phone number is correct", &[PHONE]),
    ("Make sure there are no similar issues open", &[]),
    ("Make sure no other wallet app is running", &[]),
    ("Do not omit any steps", &[]),
    ("Don't exclude any details", &[]),
    ("Which paths does the exclude pattern skip?", &[]),
    ("How can we avoid this in future?", &[]),
    ("Keep the app open and tell us your email", &[EMAIL]),
    ("Did the app log you out?", &[]),
    ("Leave the app open for a minute", &[]),
    (
        "Keep the app open, close the others and then log out of your account",
        &[],
    ),
    // A review (2026-12): "card number" is a payment card's, a credential; not a gift, SIM,
    // library or loyalty card's. Its last 4 digits are financial data, as a masked card
    // field's are.
    ("Last 4 digits of your card number", &[FIN]),
    ("Last four digits of your credit card number", &[FIN]),
    ("Last 4 digits of card", &[FIN]),
    ("last_4_of_card_number", &[FIN]),
    ("Card ending in", &[FIN]),
    ("Gift card number", &[]),
    ("SIM card number (ICCID)", &[]),
    ("Library card number", &[]),
    ("Loyalty card number", &[]),
    ("Membership card number", &[]),
    ("Member card number", &[]),
    ("Business card number", &[]),
    ("SD card number of partitions", &[]),
    ("Card number of your debit card", &[CRED]),
    ("Credit card number", &[CRED]),
    ("Full card number and CVV", &[CRED]),
    ("Gift card PIN", &[CRED]),
    ("Last four digits of your SSN", &[GOV]),
    // A review (2026-12): developers' words in GitHub issue forms that share one with a
    // datum, and the data they must not hide.
    ("Random seed", &[]),
    ("Seed value used for generation", &[]),
    ("Which GPIO pin is the sensor wired to?", &[]),
    ("Are you using the portable build or the installer?", &[]),
    ("Portable version", &[]),
    ("Which notebook cell fails?", &[]),
    ("White balance setting", &[]),
    ("Balance mode", &[]),
    ("Load balancer health probe path", &[]),
    ("Health endpoint URL", &[]),
    ("Address family (IPv4/IPv6)", &[]),
    ("SMTP email provider", &[]),
    ("Email server hostname", &[]),
    ("Registry credentials helper", &[]),
    ("Git credential manager version", &[]),
    ("Plugin public key fingerprint", &[]),
    ("SSH public key", &[]),
    ("Seed", &[CRED]),
    ("Your PIN", &[CRED]),
    ("Card PIN", &[CRED]),
    ("PIN number", &[CRED]),
    ("PIN number of your card", &[CRED]),
    ("Registry credentials", &[CRED]),
    ("Téléphone portable ou fixe", &[PHONE]),
    ("Cell phone", &[PHONE]),
    ("Wallet balance", &[FIN]),
    ("Balance before and after", &[FIN]),
    ("Mental health condition", &[HEALTH]),
    ("Current health status", &[HEALTH]),
    ("Load balancer health status", &[]),
    ("Billing address family name", &[HOME, NAME]),
    ("Address, family name and date of birth", &[HOME, NAME, DOB]),
    ("Your email provider and email address", &[EMAIL]),
    ("Wallet public key", &[WALLET]),
    // A review (2026-12): data the vocabulary missed.
    ("Social insurance number (SIN)", &[GOV]),
    ("Sin número de pedido", &[]),
    ("When were you born?", &[DOB]),
    ("NHS number", &[HEALTH]),
    ("Authenticator app secret", &[CRED]),
    ("2FA secret key", &[CRED]),
    ("Card expiry date", &[FIN]),
    ("Card expiration date (MM/YY)", &[FIN]),
    ("Routing and account number", &[FIN]),
    ("Contact no.", &[PHONE]),
    ("Ph. number", &[PHONE]),
    ("Expiration date", &[]),
    ("Account number", &[]),
];

/// Rows the vocabulary gets wrong today: (text, expected, why). They count in the measures.
const KNOWN_GAPS: &[(&str, &[&str], &str)] = &[
    (
        "Dirección de correo postal",
        &[HOME],
        "`correo` (email) matches inside it, and a `not: correo postal` would hide it from home_address too",
    ),
    (
        "Login method (Google, Apple, email)",
        &[],
        "names email as a way to sign in, not asking for an address; lexical matching cannot tell",
    ),
    (
        "Handy",
        &[PHONE],
        "German for mobile phone; unlisted because English \"keep your receipt handy\"",
    ),
];

fn set<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    ids.into_iter().collect()
}

fn all_rows() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    ROWS.iter()
        .copied()
        .chain(KNOWN_GAPS.iter().map(|&(t, e, _)| (t, e)))
}

#[test]
fn builtin_vocabulary_has_every_category() {
    let v = Vocabulary::builtin();
    let ids: BTreeSet<&str> = v.categories.iter().map(|c| c.id.as_str()).collect();
    let want: BTreeSet<&str> = SENSITIVE.iter().chain(PHRASE_LISTS).copied().collect();
    // `builtin()` falls back to an empty vocabulary if the embedded yaml does not parse.
    assert_eq!(
        ids, want,
        "rules/vocabulary.yaml must define exactly these categories"
    );
}

#[test]
fn table_is_well_formed() {
    let known: BTreeSet<&str> = SENSITIVE.iter().chain(PHRASE_LISTS).copied().collect();
    let mut seen = BTreeSet::new();
    for (text, expected) in all_rows() {
        assert!(seen.insert(text), "row {text:?} is in the table twice");
        for id in expected {
            assert!(
                known.contains(id),
                "row {text:?} expects unknown category {id:?}"
            );
        }
    }
    let rows = ROWS.len() + KNOWN_GAPS.len();
    let negatives = all_rows().filter(|(_, e)| e.is_empty()).count();
    assert!(rows >= 160, "only {rows} rows");
    assert!(
        negatives * 10 >= rows * 4,
        "only {negatives} of {rows} rows are negatives"
    );
}

#[test]
fn precision_and_recall_of_sensitive_categories() {
    let v = Vocabulary::builtin();
    let sensitive = set(SENSITIVE.iter().copied());
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (text, expected) in all_rows() {
        let want: BTreeSet<&str> = expected
            .iter()
            .copied()
            .filter(|c| sensitive.contains(c))
            .collect();
        let got: BTreeSet<&str> = v
            .categories_in(text)
            .into_iter()
            .filter(|c| sensitive.contains(c))
            .collect();
        tp += want.intersection(&got).count();
        fp += got.difference(&want).count();
        fn_ += want.difference(&got).count();
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let rows = ROWS.len() + KNOWN_GAPS.len();
    let negatives = all_rows().filter(|(_, e)| e.is_empty()).count();
    let nonsensitive = all_rows()
        .filter(|(_, e)| !e.iter().any(|c| sensitive.contains(c)))
        .count();
    eprintln!(
        "vocabulary: {rows} rows ({negatives} empty, {nonsensitive} with no data category, {} known gaps); \
         (text, category) pairs: tp {tp}, fp {fp}, fn {fn_}; precision {precision:.3}, recall {recall:.3}",
        KNOWN_GAPS.len()
    );
    assert!(precision >= 0.95, "precision {precision:.3} < 0.95");
    assert!(recall >= 0.95, "recall {recall:.3} < 0.95");
}

#[test]
fn every_row_matches() {
    let v = Vocabulary::builtin();
    let mut wrong = Vec::new();
    for &(text, expected) in ROWS {
        let want = set(expected.iter().copied());
        let got = set(v.categories_in(text));
        if want != got {
            wrong.push(format!("  {text:?}: expected {want:?}, got {got:?}"));
        }
    }
    let mut fixed = Vec::new();
    for &(text, expected, why) in KNOWN_GAPS {
        if set(expected.iter().copied()) == set(v.categories_in(text)) {
            fixed.push(format!("  {text:?} ({why})"));
        }
    }
    assert!(
        wrong.is_empty() && fixed.is_empty(),
        "{} of {} rows mismatch:\n{}\n{} known gaps now pass (move them to ROWS):\n{}",
        wrong.len(),
        ROWS.len(),
        wrong.join("\n"),
        fixed.len(),
        fixed.join("\n")
    );
}
