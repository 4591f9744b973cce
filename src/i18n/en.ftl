# English strings of the public pages: case status, reviews, contact preferences and the
# published recommendations. Keep cy.ftl in step: a unit test fails when a key is missing
# from either file. Lines indented under a message continue it; each line is shown as its
# own paragraph.

## Layout

skip-link = Skip to main content
service-information = Service information
support-links = Support links
footer-published = Published outcomes and recommendations
footer-workflow = How the workflow works
language-switch-label = Language
language-switch-hidden = Change the language to
easy-read-switch = Easy read version
standard-read-switch = Standard version
error-summary-title = There is a problem
error-prefix = Error
success = Success
back = Back
sign-out = Sign out

## Dates and times

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
time-am = am
time-pm = pm

## Finding your case

lookup-title = Check the status of your complaint
lookup-intro = You need the case reference and the access code that the police force gave you when your complaint was recorded.
lookup-reference-label = Case reference
lookup-reference-hint = This starts with OV, for example OV-K7M2-9QXD
lookup-code-label = Access code
lookup-code-hint = 16 letters and numbers, for example K7M2-9QXD-4HTV-8RWN. Small or capital letters and the dashes do not matter.
lookup-submit = Continue
lookup-reference-missing = Enter your case reference
lookup-code-missing = Enter your access code
lookup-failed = The case reference or access code is not right. Check them both and try again.
lookup-blocked = There have been too many attempts to find a case. You can try again after { $time }.
lookup-slow = Wait a few seconds between attempts.
lookup-no-code-heading = If you do not have an access code
lookup-no-code = Ask the police force dealing with your complaint to give you one. A new code replaces any code you had before.
lookup-expired = For your security, your case was closed after 30 minutes without any activity. Enter your details again to continue.
lookup-signed-out = You have signed out. Nobody using this device can see your case without your access code.
lookup-privacy = We only show you what has been decided about your case. Some information may be kept back if sharing it could cause harm, for example to an investigation.

## The status page

status-page-title = The status of your case
status-reference = Case reference { $reference }
status-force-reference = Police force reference
status-handled-by = Dealt with by
heading-now = What is happening now
heading-next = What happens next
heading-dates = Key dates
date-received = Received
date-recorded = Recorded
date-referred = Passed to the IOPC
date-investigation-started = Investigation started
date-outcome-letter = Outcome letter sent
date-closed = Closed
heading-update = Your next update
update-due = You should get an update from the force by { $date }.
update-overdue = You should have had an update from the force by { $date }. If you have not heard from them, contact them.
update-rule = While your complaint is being dealt with, you must be given an update at least every 4 weeks.
heading-outcome = The outcome
outcome-intro = Your complaint is made up of one or more allegations. This is the outcome of each one.
allegation-number = Allegation { $number }
outcome-label = Outcome
outcome-detail-label = What will happen as a result
outcome-not-decided = Not decided yet
outcome-service_acceptable = The service you were given was acceptable.
outcome-service_not_acceptable = The service you were given was not acceptable.
outcome-could_not_determine = It could not be decided whether the service you were given was acceptable.
outcome-no_further_action = No further action will be taken.
outcome-upheld = Your complaint was upheld.
outcome-not_upheld = Your complaint was not upheld.
heading-review = Asking for a review
iopc-name = the Independent Office for Police Conduct (IOPC)
review-open = If you are unhappy with the outcome, you can ask { $body } to review it.
review-last-day = You must apply by { $date }.
review-apply = Apply for a review
review-closed = The time to apply for a review ended on { $date }.
review-late = If you had a good reason for not applying in time, you can still ask { $body } to accept a late application. Contact them, explain why you could not apply in time and say what you disagree with. They will decide whether there are special reasons to accept it.
review-not-yet = When the outcome of your complaint has been decided, you will be told whether you can ask for a review and how.
review-none-outside = Your complaint was dealt with outside the formal complaints process, so there is no right to ask for a review. If you are unhappy with how it was dealt with, tell the force: it must then record your complaint formally.
review-none-matter = There is no right to ask for a review of this kind of case.
review-none-interested = Only the person who made the complaint can ask for a review.
review-none-legacy = There is no right to ask for a review of the outcome of this complaint.
review-applied-on = You applied for a review on { $date }. Your review reference is { $reference }.
review-stage-applied = { $body } has your application and will check it.
review-stage-valid = { $body } has accepted your application and is reviewing the outcome.
review-stage-invalid = { $body } could not accept your application. They will have written to you to explain why.
review-stage-upheld = { $body } upheld your review. They will write to you to say what happens next.
review-stage-not_upheld = { $body } did not uphold your review. They found the outcome of your complaint was reasonable and proportionate.
heading-actions = What you can do now
action-contact = Change how you are contacted and your language
action-review = Apply for a review
action-published = Read published outcomes and recommendations
contact-saved = Your contact preferences have been saved.

## Applying for a review

review-form-title = Apply for a review
review-form-intro = { $body } will review the outcome of your complaint.
review-grounds-label = What do you disagree with?
review-grounds-hint = Tell us which parts of the outcome you think are wrong, and why.
review-sought-label = What outcome do you want?
review-sought-hint = For example, an apology, a new investigation or action against an officer.
review-submit = Send application
review-grounds-missing = Tell us what you disagree with
review-sought-missing = Tell us what outcome you want
review-grounds-too-long = What you disagree with must be 5,000 characters or fewer
review-sought-too-long = The outcome you want must be 5,000 characters or fewer
review-refused = You cannot apply for a review of this case online now. Go back to the status of your case to see why.
review-conflict = Your case changed while you were writing. Your words are still below: check the status of your case, then send your application again if you still can.
review-done-title = Application sent
review-done-reference = Your review reference is
review-done-body = { $body } will check your application and write to you. Keep your review reference: you will need it if you contact them.
review-done-back = Back to the status of your case

## Contact preferences

contact-title = How you are contacted
contact-intro = Tell us how you would like to be contacted about your case, and in which language.
contact-method-legend = How would you like to be contacted?
contact-method-email = Email
contact-method-post = Post
contact-method-telephone = Telephone
contact-email-label = Email address
contact-address-label = Postal address
contact-phone-label = Telephone number
contact-language-legend = Which language would you like us to use?
contact-easy-legend = Would you like easy read letters and pages?
contact-easy-hint = Easy read uses short sentences and plain words.
contact-yes = Yes
contact-no = No
contact-save = Save
contact-method-missing = Choose how you would like to be contacted
contact-email-missing = Enter your email address
contact-email-invalid = Enter an email address in the correct format, like name@example.com
contact-phone-missing = Enter your telephone number
contact-phone-invalid = Enter a telephone number, like 01632 960 001 or 07700 900 982
contact-address-missing = Enter your postal address
contact-too-long = This must be 500 characters or fewer
contact-language-missing = Choose a language
contact-easy-missing = Choose whether you would like easy read letters and pages

## Published outcomes and recommendations

published-title = Published outcomes and recommendations
published-intro = The Independent Office for Police Conduct (IOPC) makes learning recommendations to police forces and other organisations. They must reply within 56 days. These are the recommendations and replies that have been published.
published-filter-heading = Filter and search
published-force = Force or organisation
published-any-force = All forces
published-year = Year published
published-any-year = All years
published-search = Search
published-search-hint = Words from the title, the recommendation or the reply, or an IOPC reference such as 2021/012345
published-apply = Show results
published-clear = Clear filters
published-none = No published recommendations match. Try fewer or different words, or clear the filters.
published-results = Published recommendations
published-made-to = Made to
published-iopc-reference = IOPC reference
published-made-on = Date of recommendation
published-due-on = Response due
published-published-on = Published
published-summary = Investigation summary
published-recommendation = Recommendation
published-accepted = Do you accept the recommendation?
published-action = Accepted action
published-response-accepted = Yes
published-response-partially_accepted = Partially
published-response-not_accepted = No
published-no-response = Not recorded
published-untitled = Recommendation to { $recipient }
published-previous = Previous
published-next = Next
published-pages = Pages of results
published-feed = Get new publications in a feed reader (Atom)
published-all = All published recommendations
published-permalink = Link to this recommendation
published-read-more = Read the recommendation: { $title }

## Stage of a complaint: what is happening now and what happens next

stage-logged-title = We have received your complaint
stage-logged-now = The police force has received your complaint. Someone will contact you to talk about it and to ask how you would like it to be dealt with.
stage-logged-next = The force will decide whether to record your complaint formally. This usually happens within a few weeks.
stage-outside_schedule3-title = The force is dealing with your complaint informally
stage-outside_schedule3-now = The force is trying to put things right quickly, without a formal investigation.
stage-outside_schedule3-next = If you are not happy with how this is going, tell the force. It must then record your complaint formally.
stage-recorded-title = Your complaint has been recorded
stage-recorded-now = The force has formally recorded your complaint. It is deciding the best way to deal with it.
stage-recorded-next = The force will decide whether your complaint needs to be investigated or can be dealt with in another way, and will tell you.
stage-referred-title = Your complaint has been passed to the IOPC
stage-referred-now = The force has sent your complaint to the Independent Office for Police Conduct (IOPC), as it must with serious complaints. The IOPC is deciding whether the complaint should be investigated, and by whom.
stage-referred-next = The IOPC usually decides within a few weeks. You will be told what it decides.
stage-referred_back-title = The IOPC has passed your complaint back to the force
stage-referred_back-now = The IOPC looked at your complaint and decided that the force should deal with it.
stage-referred_back-next = The force will decide how to deal with your complaint and will tell you.
stage-handled_otherwise-title = The force is dealing with your complaint without an investigation
stage-handled_otherwise-now = The force has decided that your complaint does not need an investigation. It is looking into what happened in another way, for example by explaining, apologising or making sure lessons are learned.
stage-handled_otherwise-next = When it has finished, the force will write to you with the outcome and tell you what you can do if you are unhappy with it.
stage-under_investigation-title = We are investigating your complaint
stage-under_investigation-now = Your complaint is being investigated. The investigator is gathering evidence, which may include talking to the people involved.
stage-under_investigation-next = Investigations often take several months. You will get an update at least every 4 weeks, and you will be told the outcome when the investigation ends.
stage-investigation_suspended-title = The investigation of your complaint is paused
stage-investigation_suspended-now = The investigation has been paused for now. This usually happens while criminal proceedings take place, so that they are not affected.
stage-investigation_suspended-next = The investigation will start again when the reason for the pause has ended. You will still get updates.
stage-report_received-title = The investigation of your complaint has finished
stage-report_received-now = The investigator has written a report about your complaint. It is now being considered.
stage-report_received-next = A decision will be made on whether anyone has a case to answer. You will then be told the outcome of your complaint.
stage-determinations_made-title = Decisions have been made after the investigation
stage-determinations_made-now = Decisions have been made about whether any of the people involved has a case to answer.
stage-determinations_made-next = The outcome of your complaint is being decided. You will be told it in writing.
stage-outcome_decided-title = The outcome of your complaint has been decided
stage-outcome_decided-now = A decision has been made about the outcome of your complaint.
stage-outcome_decided-next = You will get a letter about the outcome within 5 working days of the decision. It will explain what was decided and what you can do if you are unhappy with it.
stage-outcome_notified-title = You have been told the outcome of your complaint
stage-outcome_notified-now = You have been sent a letter with the outcome of your complaint. The outcome of each part of it is below.
stage-outcome_notified-next = If you are unhappy with the outcome, you may be able to ask for a review. See below.
stage-under_review-title = Your review is being considered
stage-under_review-now = You asked for a review of the outcome of your complaint. The review body is looking at it.
stage-under_review-next = The review body will write to you with its decision.
stage-review_concluded-title = Your review has been decided
stage-review_concluded-now = The review of the outcome of your complaint has been decided.
stage-review_concluded-next = The review body has written to you to explain its decision and anything that will happen because of it.
stage-withdrawn-title = Your complaint has been withdrawn
stage-withdrawn-now = You told the force that you wanted to withdraw your complaint, so it has ended.
stage-withdrawn-next = Nothing else will happen with your complaint. If you did not ask for this, contact the force.
stage-discontinued-title = The investigation of your complaint was stopped
stage-discontinued-now = The investigation of your complaint was stopped under the rules that applied before February 2020.
stage-discontinued-next = Nothing else will happen with your complaint. If you have questions, contact the force.
stage-disapplied-title = Your complaint is no longer being dealt with
stage-disapplied-now = It was decided that the formal complaint rules would no longer apply to your complaint, under the rules that applied before February 2020.
stage-disapplied-next = Nothing else will happen with your complaint. If you have questions, contact the force.
stage-closed-title = Your complaint is closed
stage-closed-now = All the work on your complaint has finished.
stage-closed-next = Nothing else will happen with your complaint. You can still read the outcome on this page.

## Stage of a conduct matter or a death or serious injury matter, for the people kept informed about it

stage-logged-title-matter = The matter has been reported to the police force
stage-logged-now-matter = The police force knows about the matter and is deciding what to do.
stage-logged-next-matter = The force will decide whether to record the matter formally.
stage-recorded-title-matter = The matter has been recorded
stage-recorded-now-matter = The force has formally recorded the matter.
stage-recorded-next-matter = The force will decide whether the matter must be passed to the IOPC or investigated, and you will be told.
stage-referred-title-matter = The matter has been passed to the IOPC
stage-referred-now-matter = The Independent Office for Police Conduct (IOPC) is deciding whether the matter should be investigated, and by whom.
stage-referred-next-matter = The IOPC usually decides within a few weeks. You will be told what it decides.
stage-referred_back-title-matter = The IOPC has passed the matter back to the force
stage-referred_back-now-matter = The IOPC decided that the force should deal with the matter.
stage-referred_back-next-matter = The force will decide what to do and will tell you.
stage-under_investigation-title-matter = The matter is being investigated
stage-under_investigation-now-matter = The investigator is gathering evidence, which may include talking to the people involved.
stage-under_investigation-next-matter = Investigations often take several months. You will get an update at least every 4 weeks.
stage-investigation_suspended-title-matter = The investigation is paused
stage-investigation_suspended-now-matter = The investigation has been paused for now. This usually happens while criminal proceedings take place, so that they are not affected.
stage-investigation_suspended-next-matter = The investigation will start again when the reason for the pause has ended. You will still get updates.
stage-report_received-title-matter = The investigation has finished
stage-report_received-now-matter = The investigator has written a report. It is now being considered.
stage-report_received-next-matter = A decision will be made on whether anyone has a case to answer, and you will be told.
stage-determinations_made-title-matter = Decisions have been made after the investigation
stage-determinations_made-now-matter = Decisions have been made about whether any of the people involved has a case to answer.
stage-determinations_made-next-matter = Any misconduct proceedings that follow will take place. The matter will then be closed.
stage-discontinued-title-matter = The investigation was stopped
stage-discontinued-now-matter = The investigation was stopped under the rules that applied before February 2020.
stage-discontinued-next-matter = Nothing else will happen. If you have questions, contact the force.
stage-closed-title-matter = The matter is closed
stage-closed-now-matter = All the work on the matter has finished.
stage-closed-next-matter = Nothing else will happen.

# The outcome letter to the complainant (CMR 2020 reg 34), printed by staff.
letter-title = The outcome of your complaint
letter-reference = Our reference: { $reference }
letter-dear = Dear { $name },
letter-intro = We have finished dealing with your complaint about { $force }. This letter tells you what we decided about each part of your complaint and what happens next.
letter-part = Part { $number } of your complaint
letter-you-told-us = You told us: { $text }
letter-result = What happens as a result: { $text }
letter-unhappy = If you are not happy with the outcome
letter-review-right = You have the right to ask for a review of the outcome. The review will be carried out by { $body }.
letter-apply-by = You must apply by { $date }.
letter-window = That is 28 days starting the day after the date of this letter. Tell the reviewer which parts of the outcome you disagree with and what you would like to happen. If you apply after that day, they will only consider your application if there are special reasons why you could not apply in time.
letter-no-review = There is no right to a review of this outcome.
letter-sign-off = Yours sincerely,
letter-iopc = Independent Office for Police Conduct
letter-iopc-body = the Independent Office for Police Conduct (IOPC)
letter-psd = Professional Standards, { $force }
letter-lpb-fallback = your local policing body

# The progress notice of an investigation over 12 months (CMR 2020 reg 13; PCR 2020 reg 19),
# printed by staff for the local policing body.
notice-title-twelve_month = 12-month notice
notice-title-six_monthly = 6-monthly notice
notice-sent = { $title }, sent { $date }
notice-to = To: { $recipient }
notice-copy-iopc = Copy to: the Independent Office for Police Conduct (IOPC)
notice-copy-chief-officer = Copy to: the chief officer of { $force }
notice-date = Date: { $date }
notice-case = Case: { $reference } ({ $kind }, { $force })
notice-regulation = Notice under regulation 13 of the Police (Complaints and Misconduct) Regulations 2020.
notice-not-completed-twelve_month = The { $mode } investigation of this matter started on { $date } and has not been completed within 12 months.
notice-not-completed-six_monthly = The { $mode } investigation of this matter started on { $date } and has not been completed within a further 6 months.
notice-suspended = The investigation was suspended { $periods }.
notice-suspended-between = from { $from } to { $to }
notice-suspended-since = since { $from }
notice-progress = Progress and the reasons for the time taken:
notice-expected = The investigation is expected to be completed by { $date }.
notice-lpb-fallback = The local policing body
notice-kind-complaint = complaint
notice-kind-conduct_matter = recordable conduct matter
notice-kind-dsi_matter = death or serious injury matter
notice-mode-local = local
notice-mode-directed = directed
notice-mode-independent = independent
notice-mode-supervised = supervised
notice-mode-managed = managed

## Error pages on the public pages

error-404-heading = Page not found
error-404-message = If you typed the web address, check it is correct. If you followed a link, the page may have moved.
error-400-heading = There is a problem with your request
error-400-message = Go back to the previous page and try again.
error-403-heading = You cannot do that
error-403-message = This page is not available to you. If you were checking your complaint, enter your case reference and access code again.
error-409-heading = Your change was not saved
error-409-message = Something changed while you were filling in the form. Go back, reload the page and try again.
error-500-heading = Sorry, there is a problem with the service
error-500-message = Something went wrong on our side and nothing was changed. Try again later.
error-503-heading = Sorry, the service is unavailable
error-503-message = The service is unavailable at the moment. Nothing you entered was saved. Try again in a few minutes.
error-reference = Reference: { $reference }
error-reference-quote = If you contact us about this problem, quote this reference so that we can find out what happened.
error-next-status = Check the status of your complaint
error-next-published = Read published outcomes and recommendations

## Complaints statistics (/published/statistics)

footer-statistics = Complaints statistics
bulletin-title = Police complaints statistics
bulletin-intro =
    Each police force sends figures about the complaints it receives to the Independent Office for Police Conduct (IOPC) every quarter.
    Choose a force to see its figures for the latest quarter beside the same months of the year before.
bulletin-latest = The latest figures are for { $period }.
bulletin-choose-force = Choose a force
bulletin-all-forces = All forces
bulletin-force-title = Police complaints statistics: { $force }
bulletin-period = Quarter { $number } of { $year } ({ $months }): { $from } to { $to }
bulletin-quarter-1 = April to June
bulletin-quarter-2 = April to September
bulletin-quarter-3 = April to December
bulletin-quarter-4 = the whole year, April to March
bulletin-dates = { $from } to { $to }
bulletin-last-year = Same period last year: { $dates }
bulletin-about =
    The figures add up from 1 April, the start of the financial year, to the end of the latest quarter that has finished. Each is shown beside the same period a year earlier.
    A complaint is counted in the period it was logged, or for the figures about finalised cases, the period it was finalised. Working days leave out weekends and bank holidays.
bulletin-small-numbers =
    To protect the people involved, we do not publish a figure that fewer than 5 complaint cases stand behind. Instead the table says "fewer than 5", and its percentage is left out too. For allegations, we count the cases the allegations belong to.
    Where the figures of a table add up to a total, we also withhold one more figure (shown as "withheld"), so that nobody can work out a small figure by taking the others away from the total.
bulletin-small-numbers-source = This follows the Code of Practice for Statistics (T6.4: statistics must not reveal anyone's personal information). The limit of 5 is common practice for government statistics; it has not been checked against the IOPC's own rule (unverified).
bulletin-fewer-than-5 = fewer than 5
bulletin-withheld = withheld
bulletin-no-cases = No cases
bulletin-measure = Measure
bulletin-logged-title = Complaint cases and allegations logged
bulletin-cases-logged = Complaint cases logged
bulletin-allegations = Allegations logged
bulletin-recorded-title = Why cases were recorded under Schedule 3
bulletin-reason = Reason
bulletin-recorded = Cases recorded under Schedule 3
bulletin-reason-aa = The force decided to record it
bulletin-reason-wishes = The complainant wanted it recorded
bulletin-reason-dissatisfied = The complainant was unhappy after it was first handled
bulletin-reason-none = No reason recorded (complaints under the rules before 2020)
bulletin-categories-title = Allegations logged, by category
bulletin-category = Category
bulletin-category-delivery-of-duties-and-service = Delivery of duties and service
bulletin-category-police-powers-policies-and-procedures = Police powers, policies and procedures
bulletin-category-handling-of-or-damage-to-property-premises = Handling of or damage to property or premises
bulletin-category-access-and-or-disclosure-of-information = Access to or disclosure of information
bulletin-category-use-of-police-vehicles = Use of police vehicles
bulletin-category-discriminatory-behaviour = Discriminatory behaviour
bulletin-category-abuse-of-position-corruption = Abuse of position or corruption
bulletin-category-individual-behaviours = Individual behaviours
bulletin-category-sexual-conduct = Sexual conduct
bulletin-category-discreditable-conduct = Discreditable conduct
bulletin-category-other = Other
bulletin-finalised-title = Complaint cases finalised
bulletin-finalised-outside = Cases finalised outside Schedule 3
bulletin-days-outside = Average working days to finalise
bulletin-finalised-under = Cases finalised under Schedule 3
bulletin-days-under = Average working days to finalise
bulletin-days-under-excluding = Average working days to finalise, leaving out time the investigation was suspended
bulletin-reviews-title = Reviews
bulletin-reviews-received = Applications for a review received
bulletin-reviews-completed = Valid reviews completed
bulletin-reviews-upheld = Outcome found not reasonable and proportionate
bulletin-reviews-days = Average working days to complete a review

# The complainant's documents (/status/documents)
action-documents = See the documents shared with you, or send us one
documents-title = Your documents
documents-shared-heading = Documents shared with you
documents-shared-none = No documents have been shared with you yet.
documents-sent-heading = Documents you have sent
documents-sent-none = You have not sent any documents.
documents-send-heading = Send us a document
documents-send-intro = You can send photos, letters, statements, recordings or anything else that supports your complaint. The people handling your case will see it. It is not shared with anyone else.
documents-send-hint = A PDF, a photo, a Word document, audio, video, plain text or an email, up to { $size }. You can send { $left } more.
documents-send-full = You have sent the { $files } documents you can send online. To send more, contact the people handling your case.
documents-description-label = What is it? (optional)
documents-description-hint = For example, "Photo of my injury, taken the next day"
documents-file-label = Choose the file
documents-send-button = Send the document
documents-sent-banner = Thank you. We have received { $name }.
doc-refused-none = Choose a file to send
doc-refused-empty = The file you chose is empty
doc-refused-name = The file name must not contain slashes or special characters: rename the file and choose it again
doc-refused-long-name = The file name must be 200 characters or fewer
doc-refused-type = The file must be a PDF, a photo, a Word document, audio, video, plain text or an email
doc-refused-mismatch = The file's contents do not match its name, which ends .{ $value }: check it is the file you meant
doc-refused-size = The file must be smaller than { $value }
doc-refused-many = You have already sent the { $value } documents you can send online

# Published investigation reports (/published/reports)
reports-title = Published investigation reports
reports-intro = Reports of investigations that have been published, with information that could cause harm taken out. Each is a PDF.
reports-none = No investigation reports have been published yet.
reports-link = Read published investigation reports
reports-case = Case { $reference }
reports-published = Published { $date }
reports-older = Older reports
reports-newest = Newest reports

# Messages to complainants (the outbox). Each line is a paragraph.
msg-logged-subject = Your complaint has been logged: { $reference }
msg-logged-body = Dear { $name },
    { $force } logged your complaint on { $date }. Its reference is { $reference }: please quote it whenever you contact us.
    We will keep you informed of its progress at least every 4 weeks.
    You can see where your complaint is at { $status }, with the reference and the access code we give you.
msg-outcome-subject = The outcome of your complaint: { $reference }
msg-outcome-body = Dear { $name },
    Our letter of { $date } tells you the outcome of your complaint, reference { $reference }.
    If you are not satisfied with the outcome, you can apply for a review to { $review_body }. The last day to apply is { $last_day }.
    You can apply at { $status }, with your case reference and access code.
msg-recorded-subject = Your complaint has been recorded: { $reference }
msg-recorded-body = Dear { $name },
    { $force } recorded your complaint on { $date }, under Schedule 3 to the Police Reform Act 2002. This means it will be dealt with under the formal complaints rules.
    We will tell you how it will be handled, and keep you informed at least every 4 weeks.
    You can see where your complaint is at { $status }.
msg-outside-subject = How your complaint is being handled: { $reference }
msg-outside-body = Dear { $name },
    { $force } is handling your complaint outside Schedule 3 to the Police Reform Act 2002, from { $date }: it will try to resolve it with you quickly and informally.
    If you are not happy with this, you can ask for your complaint to be recorded and handled under the formal rules. Because it is handled this way, there is no right of review.
msg-investigation-subject = Your complaint is being investigated: { $reference }
msg-investigation-body = Dear { $name },
    An investigation of your complaint started on { $date }. It is run by { $who }.
    We will keep you informed of its progress at least every 4 weeks, and tell you its outcome.
    You can see where your complaint is at { $status }.
msg-investigation-directed = { $force }, under the direction of the Independent Office for Police Conduct (IOPC)
msg-review-subject = The review of your complaint: { $reference }
msg-review-body = Dear { $name },
    The review of how your complaint was handled was decided on { $date }.
    { $result }
    You can see where your complaint is at { $status }.
msg-review-not-upheld = The review found that the outcome of your complaint was reasonable and proportionate, so it stands.
msg-review-upheld-recommendation = The review found that the outcome was not reasonable and proportionate. The review body has recommended what the force should do now, and will tell you what it does.
msg-review-upheld-reinvestigation = The review found that the outcome was not reasonable and proportionate. Your complaint will be investigated again.
msg-review-upheld-proceedings_recommended = The review found that the outcome was not reasonable and proportionate, and has recommended misconduct proceedings.
msg-review-upheld-must_be_investigated = The review found that your complaint must now be investigated.
